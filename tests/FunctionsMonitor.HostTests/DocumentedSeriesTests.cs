using System.Net;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>docs/observability.md's table of series against a real scrape, on the limits host, where a burst of new
/// charts gets refusals too: every family a scrape shows is documented with the type its <c># TYPE</c> line gives,
/// and every documented family is scraped (but those the page says appear only after a first event).</summary>
[Collection(LimitsCollection.Name)]
public sealed partial class DocumentedSeriesTests(LimitsFixture fixture)
{
    [Fact]
    public async Task Every_series_a_scrape_shows_is_documented_with_its_type_and_every_documented_series_is_scraped()
    {
        var http = fixture.Host.Http;
        foreach (var path in new[] { "api/metrics", "api/chart?app=test-app", "api/chart?app=functions-monitor" })
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        // New charts at once, more than one render slot and two waiting can take: some are refused (503).
        var burst = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => http.GetAsync($"api/chart?app=functions-monitor&width={2047 - i}&height=1023")));
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);

        var scraped = TypeLine().Matches(await fixture.Host.ScrapeAsync()).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var rows = DocumentedSeries().Matches(Markdown.Read("docs/observability.md")).ToList();
        var documented = rows.ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        var undocumented = scraped.Keys.Where(name => !documented.ContainsKey(name)).ToList();
        var mistyped = scraped.Where(s => documented[s.Key] != s.Value).Select(s => $"{s.Key}: scraped {s.Value}, documented {documented[s.Key]}").ToList();
        var missing = rows.Where(r => !r.Value.Contains("appears after the first", StringComparison.Ordinal))
            .Select(r => r.Groups[1].Value).Where(name => !scraped.ContainsKey(name)).ToList();
        Assert.True(undocumented.Count == 0, "scraped but not documented: " + string.Join(", ", undocumented));
        Assert.True(mistyped.Count == 0, string.Join("; ", mistyped));
        Assert.True(missing.Count == 0, "documented but not scraped: " + string.Join(", ", missing));
    }

    /// <summary>A metric family and its type in the text format: <c># TYPE name type</c>.</summary>
    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    /// <summary>A series in the docs' tables: a row whose first cell is the name in backticks and second its type.</summary>
    [GeneratedRegex(@"^\| `([a-z_][a-z0-9_]*)` \| (\w+) \|.*$", RegexOptions.Multiline)]
    private static partial Regex DocumentedSeries();
}
