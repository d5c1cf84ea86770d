using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

namespace FunctionsMonitor.HostTests;

/// <summary><c>GET /api/metrics/{app}/history</c> and the history chart, through the real host.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class HistoryTests(DefaultHostFixture fixture)
{
    private readonly AppHost _host = fixture.Host;

    private async Task<MetricsSample[]> History(string query)
    {
        using var response = await _host.Http.GetAsync("api/metrics/test-app/history" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Header("Content-Type"));
        return JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), MetricsJsonContext.Default.MetricsSampleArray)!;
    }

    [Fact]
    public async Task History_is_the_last_N_buckets_oldest_first_ending_with_the_current_sample()
    {
        var (samples, current) = await Buckets.WithinOneAsync(async () =>
        {
            var history = await History("?seconds=10");
            using var now = await _host.Http.GetAsync("api/metrics/test-app");
            return (history, JsonSerializer.Deserialize(await now.Content.ReadAsByteArrayAsync(), MetricsJsonContext.Default.MetricsSample));
        });

        Assert.Equal(10, samples.Length);
        var last = samples[^1].Timestamp!.Value;
        Assert.Equal(Enumerable.Range(0, 10).Select(i => last.AddSeconds(i - 9)), samples.Select(s => s.Timestamp!.Value));
        Assert.Equal(current, samples[^1]);
        Assert.InRange(DateTimeOffset.UtcNow - last, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task History_defaults_to_60_seconds() => Assert.Equal(60, (await History("")).Length);

    [Theory]
    [InlineData("?seconds=0")]
    [InlineData("?seconds=601")]
    [InlineData("?seconds=ten")]
    public async Task History_with_a_bad_window_is_a_400_problem(string query)
    {
        var problem = await _host.Http.GetAsync("api/metrics/test-app/history" + query).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'seconds'", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task History_of_an_unknown_app_is_a_404_and_of_a_malformed_name_a_400()
    {
        await _host.Http.GetAsync("api/metrics/nope/history").ProblemAsync(HttpStatusCode.NotFound);
        await _host.Http.GetAsync("api/metrics/no%20pe/history").ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task History_chart_is_a_labelled_line_chart_of_the_asked_size()
    {
        using var response = await _host.Http.GetAsync("api/chart?kind=history&seconds=120&width=900&height=450");
        var png = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Header("Content-Type"));
        using var image = Images.Decode(png);
        Assert.Equal((900, 450), (image.Width, image.Height));
        Assert.True(Images.DarkPixels(image, 0, 55, 100, 800) > 800, "no title text");
        Assert.True(Images.PixelsNear(image, SKColor.Parse("#d62728")) > 200, "no red fail-ratio line");
        Assert.True(Images.PixelsNear(image, SKColor.Parse("#1f77b4")) > 200, "no blue request line");
        Images.Save(png, "chart-history.png");

        var svg = await _host.Http.GetStringAsync("api/chart?kind=history&format=svg");
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
        var problem = await _host.Http.GetAsync("api/chart" + query).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"'{parameter}'", problem.GetProperty("title").GetString());
    }
}
