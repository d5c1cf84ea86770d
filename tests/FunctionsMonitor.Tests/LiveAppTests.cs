using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMonitor.Tests;

/// <summary>The live app: the samples of the pod's own traffic, measured by the invocation middleware.</summary>
public sealed class LiveAppTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static async Task<MetricsSample> Sample(HttpClient http, string path = "/api/metrics/functions-monitor")
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), MetricsJsonContext.Default.MetricsSample)!;
    }

    [Fact]
    public async Task The_live_sample_counts_the_last_buckets_invocations_and_its_5xx_exactly()
    {
        var time = new ManualTime(Start.AddMilliseconds(100));
        // The metrics service is down for the chart: a chart of a catalogued app is a 502 (a 5xx of this pod).
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["MetricsService:BaseUrl"] = Upstream.NotListening(),
            ["MetricsService:Retries"] = "0",
        }, s => s.AddSingleton<TimeProvider>(time));
        await using var server = await FunctionsHttpServer.StartAsync(app);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        const int ok = 7, failed = 3, probes = 4;
        for (var i = 0; i < ok; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/metrics")).StatusCode);
        for (var i = 0; i < failed; i++)
            Assert.Equal(HttpStatusCode.BadGateway, (await http.GetAsync("/api/chart?app=test-app")).StatusCode);
        for (var i = 0; i < probes; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/healthz")).StatusCode);
        time.Now = Start.AddSeconds(1.5); // the bucket is complete

        var sample = await Sample(http);

        var index = sample.PerformanceIndex;
        Assert.Equal(ok + failed, index.AccessAmount); // health probes are not traffic
        Assert.Equal(failed, index.FailAmount);
        Assert.Equal((double)failed / (ok + failed), index.FailRatio);
        Assert.InRange(index.MaxConcurrent, 1, ok + failed);
        Assert.True(index.MinLatency <= index.AvgLatency && index.AvgLatency <= index.MaxLatency,
            $"latencies {index.MinLatency}/{index.AvgLatency}/{index.MaxLatency}");
        Assert.Equal(Environment.MachineName, sample.Host);
        Assert.Equal("functions-monitor", sample.AppName);
        Assert.Equal(Start, sample.Timestamp);
    }

    [Fact]
    public async Task Without_traffic_the_live_sample_is_zeros_that_keep_every_invariant_and_history_covers_the_window()
    {
        var time = new ManualTime(Start);
        await using var app = await TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));

        var sample = app.Get<MetricsSimulator>().Current("functions-monitor")!;
        var history = app.Get<MetricsSimulator>().History("functions-monitor", 600)!;

        Assert.Equal(new PerformanceIndex
        {
            FailRatio = 0, FailAmount = 0, AccessAmount = 0, MaxConcurrent = 0, MinLatency = 0, AvgLatency = 0, MaxLatency = 0,
        }, sample.PerformanceIndex);
        Assert.Equal(600, history.Length);
        Assert.Equal(Start.AddSeconds(-600), history[0].Timestamp);
        Assert.Equal(Start.AddSeconds(-1), history[^1].Timestamp);
    }

    [Fact]
    public async Task The_chart_reads_the_live_app_in_process_even_with_a_metrics_service_configured()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["MetricsService:BaseUrl"] = upstream.Url("seed") });

        var live = await app.ChartAsync("?app=functions-monitor");
        var seed = await app.ChartAsync("?app=test-app");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(Environment.MachineName, live.Header("X-Metrics-Host"));
        Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        Assert.Equal(1, upstream.Hits.GetValueOrDefault("seed")); // only the catalogued app went over HTTP
    }

    [Fact]
    public async Task The_live_app_needs_a_name_of_its_own()
    {
        var error = await StartupTests.StartFailure(new Dictionary<string, string?>
        {
            ["Metrics:Apps:0:Name"] = "functions-monitor",
            ["Metrics:Apps:0:Domain"] = "example.com",
        });

        Assert.Contains("Metrics:LiveApp", error.Message);
    }
}
