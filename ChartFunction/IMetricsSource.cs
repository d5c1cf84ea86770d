using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

/// <summary>Where the chart gets its sample: the in-process simulator or the metrics service over HTTP.</summary>
public interface IMetricsSource
{
    /// <summary>A sample, or the problem to answer with (404 unknown app, 502 broken upstream, 504 slow upstream).</summary>
    ValueTask<SampleResult> GetAsync(string app, CancellationToken cancellation);

    /// <summary>Where samples come from, for logs and problem details.</summary>
    string Description { get; }
}

public readonly record struct SampleResult(MetricsSample? Sample, Problem? Problem)
{
    public static implicit operator SampleResult(MetricsSample sample) => new(sample, null);

    public static implicit operator SampleResult(Problem problem) => new(null, problem);
}

/// <summary>Reads the simulator of the metrics slice directly: what <c>func start</c> uses by default.</summary>
public sealed class InProcessMetricsSource(MetricsSimulator simulator) : IMetricsSource
{
    public string Description => "the in-process simulator";

    public ValueTask<SampleResult> GetAsync(string app, CancellationToken cancellation) =>
        ValueTask.FromResult<SampleResult>(simulator.Current(app) is { } sample
            ? sample
            : MetricsFunction.MetricsFunction.UnknownApp(app, simulator));
}
