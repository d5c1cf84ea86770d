
namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// The two Kubernetes Deployments as two real hosts over the published output, each with its Deployment's environment
/// from the manifests (function filter, service name, render limits), the chart side reaching the metrics side by URL
/// as the chart pods reach the metrics Service by its DNS name. Tracing is on for both, to a receiver on loopback.
/// </summary>
public sealed class SplitFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Catalogue = new Dictionary<string, string?>
    {
        ["Metrics__Apps__0__Name"] = "shop",
        ["Metrics__Apps__0__Domain"] = "shop.example.com",
    };

    public OtlpReceiver Otlp { get; private set; } = null!;

    public AppHost Metrics { get; private set; } = null!;

    public AppHost Chart { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Otlp = await OtlpReceiver.StartAsync();
        Metrics = await AppHost.StartPublishedAsync("split-metrics", Side.Metrics, With(Otlp.Settings("functions-monitor-metrics")));
        Chart = await AppHost.StartPublishedAsync("split-chart", Side.Chart, With(Otlp.Settings("functions-monitor-chart"),
            ("MetricsService__BaseUrl", Metrics.ApiUrl)));
    }

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> otlp, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>(Catalogue);
        foreach (var (key, value) in otlp)
            settings[key] = value;
        foreach (var (key, value) in more)
            settings[key] = value;
        // Each side names itself as its Deployment does (OTEL_SERVICE_NAME comes from the manifests).
        settings.Remove("OTEL_SERVICE_NAME");
        return settings;
    }

    public Task DisposeAsync() => Disposal.AllAsync(Chart, Metrics, Otlp);
}
