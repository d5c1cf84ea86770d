using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.HostTests;

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
