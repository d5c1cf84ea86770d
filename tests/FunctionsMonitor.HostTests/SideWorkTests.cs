using System.Net;

namespace FunctionsMonitor.HostTests;

/// <summary>Each Deployment does only its own work: the metrics side never loads a font or draws a chart, and so
/// starts and serves without one; the chart side still refuses to start without one, naming the setting.</summary>
public sealed class SideWorkTests
{
    private static readonly Dictionary<string, string?> NoFont = new() { ["Chart__FontFile"] = "/nonexistent/NoSuchFont.ttf" };

    [Fact]
    public async Task The_metrics_side_starts_and_serves_without_a_font_and_draws_nothing()
    {
        await using var host = await AppHost.StartPublishedAsync("metrics-no-font", Side.Metrics, NoFont);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/metrics")).StatusCode);
        var health = await host.Http.GetStringAsync("api/healthz");
        Assert.DoesNotContain("chart", health); // nothing of the chart's is waited for
        var scrape = await host.ScrapeAsync();
        Assert.Contains(Series.ChartRenders, scrape);
        Assert.Equal(0, PrometheusText.Sum(scrape, Series.ChartRenders));
        Assert.DoesNotContain("Chart__FontFile", host.Log);
    }

    [Fact]
    public async Task The_chart_side_refuses_to_start_without_a_font_naming_the_setting()
    {
        await using var host = await AppHost.StartPublishedAsync("chart-no-font", Side.Chart,
            new Dictionary<string, string?>(NoFont) { ["MetricsService__BaseUrl"] = Upstream.NotListening() }, waitUntilReady: false);

        await host.Process.Exited.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Contains("Chart__FontFile is '/nonexistent/NoSuchFont.ttf', which does not exist", host.Log);
    }
}
