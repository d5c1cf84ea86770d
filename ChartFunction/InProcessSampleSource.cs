using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

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
