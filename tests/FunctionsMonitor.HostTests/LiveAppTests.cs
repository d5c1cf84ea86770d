using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Tests;

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
