using Microsoft.Playwright;

namespace FunctionsMonitor.HostTests;

/// <summary>The dashboard in a real browser, served by the real host.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class BrowserTests(BrowserFixture browser, DefaultHostFixture fixture) : IClassFixture<BrowserFixture>
{
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    internal static async Task<(IPage Page, IBrowserContext Context)> OpenDashboard(BrowserFixture browser, AppHost server, string query)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1700, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseUrl, "api/dashboard" + query).ToString());
        return (page, context);
    }

    /// <summary>Every chart image of the page has been fetched and decoded.</summary>
    internal static Task AllChartsDecoded(IPage page, int expected) =>
        page.WaitForFunctionAsync(
            """
            n => {
              const imgs = [...document.querySelectorAll("figure img")];
              return imgs.length === n && imgs.every(i => i.complete && i.naturalWidth > 0 && i.src.startsWith("blob:"));
            }
            """,
            expected, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });

    [Fact]
    public async Task The_dashboard_shows_every_apps_bar_and_history_chart_decoded_with_the_pod_that_served_them()
    {
        var (page, context) = await OpenDashboard(browser, fixture.Host, "?refresh=30");
        await using var _ = context;

        // Three simulated apps and the live app (this pod's own traffic), a bar and a history chart each.
        await AllChartsDecoded(page, 8);

        var sizes = await page.EvalOnSelectorAllAsync<int[][]>("figure img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])");
        Assert.All(sizes, s => Assert.Equal([800, 400], s));
        var kinds = await page.EvalOnSelectorAllAsync<string[]>("figure", "fs => fs.map(f => f.dataset.app + '/' + f.dataset.kind)");
        Assert.Equal(["test-app/bar", "test-app/history", "shop/bar", "shop/history", "billing/bar", "billing/history",
            "functions-monitor/bar", "functions-monitor/history"], kinds);
        var captions = await page.EvalOnSelectorAllAsync<string[]>("figcaption", "cs => cs.map(c => c.textContent)");
        Assert.All(captions, c => Assert.Contains($"served by {Environment.MachineName} · metrics host {Environment.MachineName}", c));
        Assert.Equal(0, await page.Locator("figure.failed").CountAsync());

        // The README's screenshot (docs/dashboard.png, by scripts/refresh-docs-images.sh): the default app's two charts.
        await page.Locator("section").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Images.Pictures, "dashboard.png") });
    }

    [Fact]
    public async Task The_charts_change_after_a_refresh_interval()
    {
        var (page, context) = await OpenDashboard(browser, fixture.Host, "?refresh=1");
        await using var _ = context;
        await AllChartsDecoded(page, 8);
        var first = await page.EvalOnSelectorAllAsync<string[]>("figure", "fs => fs.map(f => f.dataset.etag)");

        // A new second is a new bucket: each chart gets a new ETag, and a new image.
        await page.WaitForFunctionAsync("""first => [...document.querySelectorAll("figure")].every((f, i) => f.dataset.etag && f.dataset.etag !== first[i])""",
            first, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        await AllChartsDecoded(page, 8);
        Assert.Equal(0, await page.Locator("figure.failed").CountAsync());
    }

    [Fact]
    public async Task Refreshing_pauses_while_the_tab_is_hidden_and_resumes_when_it_is_shown()
    {
        var (page, context) = await OpenDashboard(browser, fixture.Host, "?refresh=1");
        await using var _ = context;
        await AllChartsDecoded(page, 8);
        var chartRequests = 0;
        page.Request += (_, r) => { if (r.Url.Contains("/api/chart?", StringComparison.Ordinal)) Interlocked.Increment(ref chartRequests); };

        await SetHidden(page, true);
        // The page sets its refresh timer anew only once a refresh's charts are in: its first new timer after hiding
        // means a refresh already under way has finished; three more are three refresh intervals while hidden.
        var paused = await RefreshTimerSetAgainAsync(page, await RefreshTimer(page), times: 1);
        var beforeHidden = Volatile.Read(ref chartRequests);
        await RefreshTimerSetAgainAsync(page, paused, times: 3);
        var whileHidden = Volatile.Read(ref chartRequests) - beforeHidden;
        await SetHidden(page, false);
        await Poll.UntilAsync(() => Volatile.Read(ref chartRequests) - beforeHidden, shown => shown >= 2, Patience.TotalSeconds);

        Assert.Equal(0, whileHidden);
        Assert.True(Volatile.Read(ref chartRequests) - beforeHidden >= 2, "no chart requests after the tab was shown again");
    }

    /// <summary>The dashboard script's refresh timer (its <c>timer</c>, a new id each time a refresh sets it).</summary>
    private static Task<int> RefreshTimer(IPage page) => page.EvaluateAsync<int>("() => timer");

    /// <summary>Until the dashboard has set its refresh timer <paramref name="times"/> times since it was
    /// <paramref name="since"/>: that many refreshes have run (or, hidden, skipped their charts). Returns the last.</summary>
    private static async Task<int> RefreshTimerSetAgainAsync(IPage page, int since, int times)
    {
        var seen = new HashSet<int> { since };
        var last = await Poll.UntilAsync<int>(async () =>
        {
            var timer = await RefreshTimer(page);
            seen.Add(timer);
            return timer;
        }, _ => seen.Count > times, Patience.TotalSeconds);
        Assert.True(seen.Count > times, $"the dashboard set its refresh timer {seen.Count - 1} times in {Patience.TotalSeconds} s, not {times}");
        return last;
    }

    /// <summary>What the browser does when a tab is hidden or shown: document.hidden changes and visibilitychange fires.</summary>
    private static Task SetHidden(IPage page, bool hidden) =>
        page.EvaluateAsync(
            """
            hidden => {
              Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
              document.dispatchEvent(new Event("visibilitychange"));
            }
            """, hidden);
}
