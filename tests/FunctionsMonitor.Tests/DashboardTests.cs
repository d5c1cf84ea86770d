using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Tests;

/// <summary>The dashboard as served: these check the page; <see cref="BrowserTests"/> check it in a browser.</summary>
public sealed partial class DashboardTests
{
    private static async Task<TestResponse> Dashboard(TestApp app, string query = "") =>
        (TestResponse)await app.Get<DashboardFunction.DashboardFunction>().Run(app.Request("/api/dashboard" + query));

    [Fact]
    public async Task Dashboard_is_a_self_contained_html_page_listing_the_catalogue()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Metrics:Apps:0:Name"] = "shop",
            ["Metrics:Apps:0:Domain"] = "</script><b>shop</b>",
            ["Metrics:Apps:1:Name"] = "billing",
            ["Metrics:Apps:1:Domain"] = "billing.example.com",
        });

        var response = await Dashboard(app, "?refresh=7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
        var html = response.BodyText;
        // No CDN, font host or other absolute URL: clusters and browsers may not reach them.
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        var config = JsonDocument.Parse(ConfigScript().Match(html).Groups[1].Value).RootElement;
        Assert.Equal(7, config.GetProperty("refreshSeconds").GetInt32());
        // The catalogue, then the live app (this pod's own traffic).
        Assert.Equal(["shop", "billing", "functions-monitor"], config.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("</script><b>shop</b>", config.GetProperty("apps")[0].GetProperty("domain").GetString());
        Assert.Single(ScriptClose().Matches(html[..html.IndexOf("<script>", StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData("?refresh=0")]
    [InlineData("?refresh=301")]
    [InlineData("?refresh=soon")]
    public async Task Dashboard_with_a_bad_refresh_is_a_400_problem(string query)
    {
        await using var app = await TestApp.StartAsync();

        Problems.Assert(await Dashboard(app, query), HttpStatusCode.BadRequest);
    }

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']?(?:https?:)?//|url\(\s*[""']?(?:https?:)?//|@import", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("""<script type="application/json" id="config">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ConfigScript();

    [GeneratedRegex("</script>")]
    private static partial Regex ScriptClose();
}
