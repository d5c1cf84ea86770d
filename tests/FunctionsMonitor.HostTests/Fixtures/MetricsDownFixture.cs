
namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// A host whose metrics service is down (nothing listens at <c>MetricsService__BaseUrl</c>), with five-second buckets so
/// that a test's requests fit in one: charts of catalogued apps fail, the live app (this pod's own traffic) does not.
/// </summary>
public sealed class MetricsDownFixture : IAsyncLifetime
{
    public const int BucketSeconds = 5;

    public AppHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AppHost.StartPublishedAsync("metrics-down", Side.All, new Dictionary<string, string?>
    {
        ["MetricsService__BaseUrl"] = Upstream.NotListening(),
        ["MetricsService__Retries"] = "0",
        ["MetricsService__TimeoutSeconds"] = "2",
        ["Metrics__BucketSeconds"] = BucketSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task DisposeAsync() => Disposal.AllAsync(Host);
}
