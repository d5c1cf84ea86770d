using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

/// <summary>Where the chart gets its samples: the metrics slice in this process, or the metrics service over HTTP.</summary>
public interface ISampleSource
{
    /// <summary>The samples a chart draws, oldest first (one for a bar chart, the window for a history chart), or the
    /// problem to answer with (404 unknown app, 502 broken upstream, 504 slow upstream).</summary>
    ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation);
}
