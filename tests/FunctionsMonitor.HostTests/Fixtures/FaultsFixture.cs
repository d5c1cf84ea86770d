
namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// The chart side against a real metrics upstream on 127.0.0.1 that behaves as each test says (<see cref="Upstream"/>'s
/// <c>switch</c>): the Go seed, 500s, garbage, the wrong shape, hangs, a 500 then a sample. The host runs with the chart
/// Deployment's environment, two retries and a two-second bound, and exports its traces to a receiver on loopback.
/// </summary>
public sealed class FaultsFixture : UpstreamFixture
{
    public OtlpReceiver Otlp { get; private set; } = null!;

    public AppHost Host { get; private set; } = null!;

    protected override async Task StartHostsAsync()
    {
        Otlp = await OtlpReceiver.StartAsync();
        Host = await AppHost.StartPublishedAsync("faults", Side.Chart, new Dictionary<string, string?>(Otlp.Settings("functions-monitor-chart"))
        {
            ["MetricsService__BaseUrl"] = Upstream.Url("switch"),
            ["MetricsService__TimeoutSeconds"] = "2",
            ["MetricsService__Retries"] = "2",
            ["MetricsService__RetryDelayMilliseconds"] = "100",
        });
    }

    /// <summary>The upstream set to one behaviour, with its counts cleared.</summary>
    public void Behave(string behaviour)
    {
        Upstream.Switch = behaviour;
        Upstream.Hits.Clear();
        Upstream.TraceParents.Clear();
    }

    protected override IAsyncDisposable?[] Started => [Host, Otlp];
}
