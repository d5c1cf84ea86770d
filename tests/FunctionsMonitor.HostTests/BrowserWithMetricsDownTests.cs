using Microsoft.Playwright;

namespace FunctionsMonitor.HostTests;

/// <summary>The dashboard in a browser while the metrics service is down.</summary>
[Collection(MetricsDownCollection.Name)]
public sealed class BrowserWithMetricsDownTests(BrowserFixture browser, MetricsDownFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task When_the_metrics_service_is_down_each_chart_shows_the_problem_inline_instead_of_a_broken_image()
    {
        var (page, context) = await BrowserTests.OpenDashboard(browser, fixture.Host, "?refresh=30");
        await using var _ = context;

        await page.WaitForFunctionAsync("""() => document.querySelectorAll("figure.failed").length === 2""",
            null, new PageWaitForFunctionOptions { Timeout = (float)BrowserTests.Patience.TotalMilliseconds });

        var alerts = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.StartsWith("Metrics service failed: The metrics service could not be reached", a));
        // The live app is read in-process, whatever the metrics service does: its two charts still show.
        await page.WaitForFunctionAsync(
            """() => [...document.querySelectorAll('figure[data-app="functions-monitor"] img')].every(i => i.complete && i.naturalWidth > 0)""",
            null, new PageWaitForFunctionOptions { Timeout = (float)BrowserTests.Patience.TotalMilliseconds });
        Assert.Equal(2, await page.Locator("figure img:visible").CountAsync());
        Assert.Contains("2 chart(s) failed", await page.Locator("#status").InnerTextAsync());
    }
}
