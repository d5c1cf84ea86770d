using FunctionsMonitor.Metrics;

namespace FunctionsMonitor.Charts;

/// <summary>Where the chart gets its samples: the metrics slice in this process, or the metrics service over HTTP.</summary>
public interface ISampleSource
{
    /// <summary>The samples a chart draws, oldest first (one for a bar chart, the window for a history chart), or the
    /// problem to answer with (404 unknown app, 502 broken upstream, 504 slow upstream).</summary>
    ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation);
}

/// <summary>Reads the metrics slice directly: what <c>func start</c> uses by default.</summary>
public sealed class InProcessSampleSource(Catalogue catalogue, MetricsSimulator simulator) : ISampleSource
{
    public ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation)
    {
        if (!catalogue.Find(chart.App).TryGet(out var app, out var problem))
            return ValueTask.FromResult(Result<IReadOnlyList<MetricsSample>>.Fail(problem));
        IReadOnlyList<MetricsSample> samples = chart.Kind == ChartKind.History
            ? simulator.History(app, chart.Seconds)
            : [simulator.Current(app)];
        return ValueTask.FromResult(Result<IReadOnlyList<MetricsSample>>.Ok(samples));
    }
}

/// <summary>The metrics service over HTTP for the catalogue, but the live app always in-process: its samples are this
/// pod's own traffic, so each chart pod charts its own share of the load (the caption's pod name says whose).</summary>
public sealed class HttpWithLiveInProcess(HttpSampleSource http, InProcessSampleSource local, Catalogue catalogue) : ISampleSource
{
    public ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation) =>
        catalogue.IsLive(chart.App) ? local.GetAsync(chart, cancellation) : http.GetAsync(chart, cancellation);
}
