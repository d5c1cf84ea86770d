using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

/// <summary>Where the chart gets its samples: the in-process simulator or the metrics service over HTTP.</summary>
public interface IMetricsSource
{
    /// <summary>The current sample, or the problem to answer with (404 unknown app, 502 broken upstream, 504 slow upstream).</summary>
    ValueTask<SamplesResult> GetAsync(string app, CancellationToken cancellation);

    /// <summary>The samples of the last <paramref name="seconds"/> seconds, oldest first, or the problem to answer with.</summary>
    ValueTask<SamplesResult> GetHistoryAsync(string app, int seconds, CancellationToken cancellation);
}

/// <summary>Samples, oldest first (one for a bar chart), or a problem.</summary>
public readonly record struct SamplesResult(IReadOnlyList<MetricsSample>? Samples, Problem? Problem)
{
    public static implicit operator SamplesResult(MetricsSample sample) => new([sample], null);

    public static implicit operator SamplesResult(MetricsSample[] samples) => new(samples, null);

    public static implicit operator SamplesResult(Problem problem) => new(null, problem);
}

/// <summary>Reads the simulator of the metrics slice directly: what <c>func start</c> uses by default.</summary>
public sealed class InProcessMetricsSource(MetricsSimulator simulator) : IMetricsSource
{
    public ValueTask<SamplesResult> GetAsync(string app, CancellationToken cancellation) =>
        ValueTask.FromResult(simulator.Current(app) is { } sample ? (SamplesResult)sample : UnknownApp(app));

    public ValueTask<SamplesResult> GetHistoryAsync(string app, int seconds, CancellationToken cancellation) =>
        ValueTask.FromResult(simulator.History(app, seconds) is { } history ? (SamplesResult)history : UnknownApp(app));

    private Problem UnknownApp(string app) => MetricsFunction.MetricsFunction.UnknownApp(app, simulator);
}

/// <summary>The metrics service over HTTP for the catalogue, but the live app always in-process: its samples are this
/// pod's own traffic, so each chart pod charts its own share of the load (the caption's pod name says whose).</summary>
public sealed class HttpWithLiveInProcess(HttpMetricsSource http, InProcessMetricsSource local, MetricsSimulator catalogue)
    : IMetricsSource
{
    public ValueTask<SamplesResult> GetAsync(string app, CancellationToken cancellation) =>
        catalogue.IsLive(app) ? local.GetAsync(app, cancellation) : http.GetAsync(app, cancellation);

    public ValueTask<SamplesResult> GetHistoryAsync(string app, int seconds, CancellationToken cancellation) =>
        catalogue.IsLive(app) ? local.GetHistoryAsync(app, seconds, cancellation) : http.GetHistoryAsync(app, seconds, cancellation);
}
