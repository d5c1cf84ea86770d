using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>The dashboard as served: these check the page; <see cref="BrowserTests"/> check it in a browser.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed partial class DashboardTests(DefaultHostFixture fixture)
{
    [Fact]
    public async Task Dashboard_is_a_self_contained_html_page_listing_the_catalogue()
    {
        using var response = await fixture.Host.Http.GetAsync("api/dashboard?refresh=7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
        var html = await response.Content.ReadAsStringAsync();
        // No CDN, font host or other absolute URL: clusters and browsers may not reach them.
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        var config = JsonDocument.Parse(ConfigScript().Match(html).Groups[1].Value).RootElement;
        Assert.Equal(7, config.GetProperty("refreshSeconds").GetInt32());
        // The catalogue, then the live app (this pod's own traffic).
        Assert.Equal(["test-app", "shop", "billing", "functions-monitor"], config.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("</script><b>billing</b>", config.GetProperty("apps")[2].GetProperty("domain").GetString());
        Assert.Single(ScriptClose().Matches(html[..html.IndexOf("<script>", StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData("?refresh=0")]
    [InlineData("?refresh=301")]
    [InlineData("?refresh=soon")]
    public async Task Dashboard_with_a_bad_refresh_is_a_400_problem(string query) =>
        await fixture.Host.Http.GetAsync("api/dashboard" + query).ProblemAsync(HttpStatusCode.BadRequest);

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']?(?:https?:)?//|url\(\s*[""']?(?:https?:)?//|@import", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("""<script type="application/json" id="config">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ConfigScript();

    [GeneratedRegex("</script>")]
    private static partial Regex ScriptClose();
}
