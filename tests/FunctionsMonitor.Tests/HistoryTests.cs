using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

namespace FunctionsMonitor.Tests;

public sealed class HistoryTests
{
    private static async Task<TestResponse> History(TestApp app, string appName, string query = "") =>
        (TestResponse)await app.Get<MetricsHistoryFunction>().Run(app.Request($"/api/metrics/{appName}/history{query}"), appName);

    [Fact]
    public async Task History_is_the_last_N_buckets_oldest_first_ending_now()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 30, 500, TimeSpan.Zero);
        await using var app = await TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(new ManualTime(now)));

        var response = await History(app, "test-app", "?seconds=10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Header("Content-Type"));
        var samples = JsonSerializer.Deserialize(response.BodyBytes, MetricsJsonContext.Default.MetricsSampleArray)!;
        Assert.Equal(10, samples.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => now.AddSeconds(-9 + i).AddMilliseconds(-500)), samples.Select(s => s.Timestamp!.Value));
        var current = JsonSerializer.Deserialize((await app.MetricsAsync()).BodyBytes, MetricsJsonContext.Default.MetricsSample);
        Assert.Equal(current, samples[^1]);
    }

    [Fact]
    public async Task History_defaults_to_60_seconds()
    {
        await using var app = await TestApp.StartAsync();

        var samples = JsonDocument.Parse((await History(app, "test-app")).BodyBytes).RootElement;

        Assert.Equal(60, samples.GetArrayLength());
    }

    [Theory]
    [InlineData("?seconds=0")]
    [InlineData("?seconds=601")]
    [InlineData("?seconds=ten")]
    public async Task History_with_a_bad_window_is_a_400_problem(string query)
    {
        await using var app = await TestApp.StartAsync();

        var problem = Problems.Assert(await History(app, "test-app", query), HttpStatusCode.BadRequest);

        Assert.Contains("'seconds'", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task History_of_an_unknown_app_is_a_404_and_of_a_malformed_name_a_400()
    {
        await using var app = await TestApp.StartAsync();

        Problems.Assert(await History(app, "nope"), HttpStatusCode.NotFound);
        Problems.Assert(await History(app, "no pe"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task History_chart_is_a_labelled_line_chart_of_the_asked_size()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.ChartAsync("?kind=history&seconds=120&width=900&height=450");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Header("Content-Type"));
        using var image = Images.Decode(response.BodyBytes);
        Assert.Equal((900, 450), (image.Width, image.Height));
        Assert.True(Images.DarkPixels(image, 0, 55, 100, 800) > 800, "no title text");
        Assert.True(Images.PixelsNear(image, SKColor.Parse("#d62728")) > 200, "no red fail-ratio line");
        Assert.True(Images.PixelsNear(image, SKColor.Parse("#1f77b4")) > 200, "no blue request line");
        Images.Save(response.BodyBytes, "chart-history.png");

        var svg = (await app.ChartAsync("?kind=history&format=svg")).BodyText;
        foreach (var text in new[] { "requests (AccessAmount)", "avg latency (ms)", "fail ratio (%, right axis)", "AppName: test-app" })
            Assert.Contains(text, svg);
    }

    [Theory]
    [InlineData("?kind=pie", "kind")]
    [InlineData("?kind=bar,history", "kind")]
    [InlineData("?kind=history&seconds=0", "seconds")]
    [InlineData("?kind=history&seconds=10000", "seconds")]
    public async Task Chart_with_a_bad_kind_or_window_is_a_400_problem(string query, string parameter)
    {
        await using var app = await TestApp.StartAsync();

        var problem = Problems.Assert(await app.ChartAsync(query), HttpStatusCode.BadRequest);

        Assert.Contains($"'{parameter}'", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task History_chart_over_http_from_our_metrics_service_and_a_clear_502_from_the_Go_seed()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var metricsApp = await TestApp.StartAsync();
        await using var metricsServer = await FunctionsHttpServer.StartAsync(metricsApp);
        await using var ours = await TestApp.StartAsync(new Dictionary<string, string?> { ["MetricsService:BaseUrl"] = new Uri(metricsServer.BaseUrl, "/api").ToString() });
        await using var seed = await TestApp.StartAsync(new Dictionary<string, string?> { ["MetricsService:BaseUrl"] = upstream.Url("seed") });

        Assert.Equal(HttpStatusCode.OK, (await ours.ChartAsync("?kind=history&seconds=30")).StatusCode);
        var problem = Problems.Assert(await seed.ChartAsync("?kind=history"), HttpStatusCode.BadGateway);
        Assert.Contains("no history endpoint", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await seed.ChartAsync("?kind=bar")).StatusCode);
    }
}
