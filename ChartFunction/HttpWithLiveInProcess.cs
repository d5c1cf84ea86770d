using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

/// <summary>The metrics service over HTTP for the catalogue, but the live app always in-process: its samples are this
/// pod's own traffic, so each chart pod charts its own share of the load (the caption's pod name says whose).</summary>
public sealed class HttpWithLiveInProcess(HttpSampleSource http, InProcessSampleSource local, Catalogue catalogue) : ISampleSource
{
    public ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation) =>
        catalogue.IsLive(chart.App) ? local.GetAsync(chart, cancellation) : http.GetAsync(chart, cancellation);
}
