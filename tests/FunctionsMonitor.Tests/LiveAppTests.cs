using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Tests;

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

[CollectionDefinition(Name)]
public sealed class MetricsDownCollection : ICollectionFixture<MetricsDownFixture>
{
    public const string Name = "metrics service down";
}

[Collection(MetricsDownCollection.Name)]
public sealed class MetricsDownTests(MetricsDownFixture fixture)
{
    [Fact]
    public async Task An_upstream_that_is_not_listening_is_a_502_problem_within_the_bound()
    {
        var clock = Stopwatch.StartNew();

        var problem = await fixture.Host.Http.GetAsync("api/chart?app=test-app").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("MetricsService__BaseUrl", problem.GetProperty("detail").GetString());
    }
}

/// <summary>The live app: the samples of the pod's own traffic, measured by the invocation middleware.</summary>
[Collection(MetricsDownCollection.Name)]
public sealed class LiveAppTests(MetricsDownFixture fixture)
{
    [Fact]
    public async Task The_live_sample_counts_the_last_buckets_invocations_and_its_5xx_exactly()
    {
        var http = fixture.Host.Http;
        const int ok = 7, failed = 3, probes = 4;
        var bucket = await Buckets.WithinOneAsync(async () =>
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(Buckets.Number(MetricsDownFixture.BucketSeconds) * MetricsDownFixture.BucketSeconds);
            for (var i = 0; i < ok; i++)
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/metrics")).StatusCode);
            for (var i = 0; i < failed; i++) // the metrics service is down: a 5xx of this pod
                Assert.Equal(HttpStatusCode.BadGateway, (await http.GetAsync("api/chart?app=test-app")).StatusCode);
            for (var i = 0; i < probes; i++)
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/healthz")).StatusCode);
            return start;
        }, MetricsDownFixture.BucketSeconds);
        await Buckets.NextAsync(MetricsDownFixture.BucketSeconds); // the bucket is complete

        using var response = await http.GetAsync("api/metrics/functions-monitor");
        var sample = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), MetricsJsonContext.Default.MetricsSample)!;

        var index = sample.PerformanceIndex;
        Assert.Equal(ok + failed, index.AccessAmount); // health probes are not traffic
        Assert.Equal(failed, index.FailAmount);
        Assert.Equal((double)failed / (ok + failed), index.FailRatio);
        Assert.InRange(index.MaxConcurrent, 1, ok + failed);
        Assert.True(index.MinLatency <= index.AvgLatency && index.AvgLatency <= index.MaxLatency,
            $"latencies {index.MinLatency}/{index.AvgLatency}/{index.MaxLatency}");
        Assert.Equal(Environment.MachineName, sample.Host);
        Assert.Equal("functions-monitor", sample.AppName);
        Assert.Equal(bucket, sample.Timestamp);
    }
}

/// <summary>The live app's ring without traffic, on a clock moved by hand.</summary>
public sealed class LiveTrafficTests
{
    [Fact]
    public void Without_traffic_the_live_sample_is_zeros_that_keep_every_invariant_and_history_covers_the_window()
    {
        var start = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var live = new LiveTraffic(new Catalogue(Options.Create(new MetricsOptions())), new ManualTime(start));

        var sample = live.Current();
        var history = live.History(600);

        Assert.Equal(new PerformanceIndex
        {
            FailRatio = 0, FailAmount = 0, AccessAmount = 0, MaxConcurrent = 0, MinLatency = 0, AvgLatency = 0, MaxLatency = 0,
        }, sample.PerformanceIndex);
        Assert.Equal(600, history.Length);
        Assert.Equal(start.AddSeconds(-600), history[0].Timestamp);
        Assert.Equal(start.AddSeconds(-1), history[^1].Timestamp);
    }
}
