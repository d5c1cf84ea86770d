using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_of_the_default_app_is_the_seeds_json_shape_plus_maxLatency_and_timestamp()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.MetricsAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal("no-store", response.Header("Cache-Control"));
        var root = JsonDocument.Parse(response.BodyBytes).RootElement;
        Assert.Equal(["app_name", "domain", "host", "performance_index", "timestamp"], Names(root));
        Assert.Equal(
            ["accessAmount", "avgLatency", "failAmount", "failRatio", "maxConcurrent", "maxLatency", "minLatency"],
            Names(root.GetProperty("performance_index")));
        Assert.Equal("test-app", root.GetProperty("app_name").GetString());
        Assert.Equal("test-domain", root.GetProperty("domain").GetString());
        Assert.Equal(Environment.MachineName, root.GetProperty("host").GetString());
        var index = root.GetProperty("performance_index");
        Assert.Equal(JsonValueKind.Number, index.GetProperty("failRatio").ValueKind);
        // The documented invariant holds on the wire, to the last bit: the quotient is sent unrounded.
        var (fail, access) = (index.GetProperty("failAmount").GetInt64(), index.GetProperty("accessAmount").GetInt64());
        Assert.Equal(access == 0 ? 0 : (double)fail / access, index.GetProperty("failRatio").GetDouble());
        // Indented, like the seed.
        Assert.Contains("\n  \"performance_index\"", response.BodyText);
    }

    [Fact]
    public async Task Metrics_of_a_named_app_from_the_configured_catalogue()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Metrics:Apps:0:Name"] = "shop",
            ["Metrics:Apps:0:Domain"] = "shop.example.com",
            ["Metrics:Apps:1:Name"] = "billing",
            ["Metrics:Apps:1:Domain"] = "billing.example.com",
        });

        var sample = Sample(await app.MetricsAsync("billing"));
        var fallback = Sample(await app.MetricsAsync());

        Assert.Equal(("billing", "billing.example.com"), (sample.AppName, sample.Domain));
        Assert.Equal("shop", fallback.AppName);
        Problems.Assert(await app.MetricsAsync("test-app"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_for_an_unknown_app_is_a_404_problem()
    {
        await using var app = await TestApp.StartAsync();

        var problem = Problems.Assert(await app.MetricsAsync("no-such-app"), HttpStatusCode.NotFound);

        Assert.Contains("no-such-app", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("-dash-first")]
    [InlineData("dash-last-")]
    [InlineData("ünïcode")]
    [InlineData("semi;colon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64 characters
    public async Task Metrics_for_a_malformed_app_name_is_a_400_problem(string name)
    {
        await using var app = await TestApp.StartAsync();

        var problem = Problems.Assert(await app.MetricsAsync(name), HttpStatusCode.BadRequest);

        Assert.Contains("app name", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public void Samples_keep_their_invariants_over_many_buckets()
    {
        var simulator = Simulator(new ManualTime(DateTimeOffset.UnixEpoch));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        for (var second = 0; second < 20_000; second++)
        {
            var s = simulator.At("test-app", start.AddSeconds(second))!.PerformanceIndex;
            Assert.InRange(s.FailAmount, 0, s.AccessAmount);
            Assert.Equal(s.AccessAmount == 0 ? 0 : (double)s.FailAmount / s.AccessAmount, s.FailRatio);
            Assert.InRange(s.FailRatio, 0, 1);
            Assert.True(s.MinLatency <= s.AvgLatency && s.AvgLatency <= s.MaxLatency, $"latencies {s.MinLatency}/{s.AvgLatency}/{s.MaxLatency}");
            Assert.True(s.MaxConcurrent >= 1);
        }
    }

    [Fact]
    public void Two_replicas_agree_within_a_bucket_and_a_new_bucket_gives_new_values()
    {
        var at = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var replicaA = Simulator(new ManualTime(at.AddMilliseconds(100)));
        var replicaB = Simulator(new ManualTime(at.AddMilliseconds(900)));
        var nextSecond = Simulator(new ManualTime(at.AddSeconds(1)));

        var a = replicaA.Current("test-app")!;
        var b = replicaB.Current("test-app")!;
        var c = nextSecond.Current("test-app")!;

        Assert.Equal(a, b);
        Assert.Equal(at, a.Timestamp);
        Assert.NotEqual(a.PerformanceIndex, c.PerformanceIndex);
        Assert.Equal(at.AddSeconds(1), c.Timestamp);
    }

    [Fact]
    public async Task A_catalogue_with_a_malformed_app_name_fails_the_start_naming_the_key()
    {
        var error = await StartupTests.StartFailure(new Dictionary<string, string?>
        {
            ["Metrics:Apps:0:Name"] = "bad name",
            ["Metrics:Apps:0:Domain"] = "x",
        });

        Assert.Contains("Metrics:Apps:0:Name", error.Message);
    }

    private static MetricsSample Sample(TestResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize(response.BodyBytes, MetricsJsonContext.Default.MetricsSample)!;
    }

    private static string[] Names(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    internal static MetricsSimulator Simulator(TimeProvider time, int bucketSeconds = 1)
    {
        var options = Options.Create(new MetricsOptions { BucketSeconds = bucketSeconds });
        return new(options, time, new LiveTraffic(options, time));
    }
}
