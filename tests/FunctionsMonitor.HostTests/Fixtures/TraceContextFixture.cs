
namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// The chart side in the real host with nothing exported, in both of the host's tracing modes: as it ships (no tracing
/// setting at all, the mode off) and with only <c>AzureFunctionsJobHost__telemetryMode=OpenTelemetry</c>. Each charts the
/// samples of a real metrics upstream on 127.0.0.1, which keeps the <c>traceparent</c> of every request it gets.
/// </summary>
public sealed class TraceContextFixture : UpstreamFixture
{
    /// <summary>No tracing setting: the host's mode off, no exporter.</summary>
    public AppHost ModeOff { get; private set; } = null!;

    /// <summary>The host's tracing mode on, no exporter.</summary>
    public AppHost ModeOn { get; private set; } = null!;

    protected override async Task StartHostsAsync()
    {
        var off = AppHost.StartPublishedAsync("trace-off", Side.Chart, new Dictionary<string, string?>
        {
            ["MetricsService__BaseUrl"] = Upstream.Url("seed"),
        });
        var on = AppHost.StartPublishedAsync("trace-on", Side.Chart, new Dictionary<string, string?>
        {
            ["MetricsService__BaseUrl"] = Upstream.Url("seed"),
            ["AzureFunctionsJobHost__telemetryMode"] = "OpenTelemetry",
        });
        try
        {
            ModeOff = await off;
        }
        finally
        {
            ModeOn = await on;
        }
    }

    public AppHost Host(string mode) => mode == "off" ? ModeOff : ModeOn;

    protected override IAsyncDisposable?[] Started => [ModeOff, ModeOn];
}
