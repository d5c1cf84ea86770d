using System.Globalization;

namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// A host with small render limits (one render at a time, two waiting), a cache of one megabyte and the seed as its
/// metrics service, inside a memory cgroup of the chart pod's limit (512 MiB): what a client gets when the
/// worker is full, and what the pod's memory does meanwhile.
/// </summary>
public sealed class LimitsFixture : UpstreamFixture
{
    public AppHost Host { get; private set; } = null!;

    public MemoryCgroup Memory { get; } = MemoryCgroup.Create(512L * 1024 * 1024, "limits");

    protected override async Task StartHostsAsync()
    {
        Host = await AppHost.StartPublishedAsync("limits", Side.All, memoryCgroup: Memory, settings: new Dictionary<string, string?>
        {
            ["Chart__MaxConcurrentRenders"] = "1",
            ["Chart__MaxQueuedRenders"] = "2",
            ["Chart__CacheMegabytes"] = "1",
            ["MetricsService__BaseUrl"] = Upstream.Url("seed"),
            ["MetricsService__Retries"] = "0",
            // Long buckets: the live app's samples, and so its charts, stay the same while a test draws many.
            ["Metrics__BucketSeconds"] = BackPressureTests.MetricsBucketSeconds.ToString(CultureInfo.InvariantCulture),
        });
    }

    protected override IAsyncDisposable?[] Started => [Host];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Memory.Dispose();
    }
}
