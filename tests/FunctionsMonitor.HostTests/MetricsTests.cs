using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.HostTests;

/// <summary><c>GET /api/metrics[/{app}]</c> through the real host.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class MetricsTests(DefaultHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Metrics_of_the_default_app_is_the_seeds_json_shape_plus_maxLatency_and_timestamp()
    {
        using var response = await _http.GetAsync("api/metrics");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal("no-store", response.Header("Cache-Control"));
        var root = JsonDocument.Parse(body).RootElement;
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
        Assert.Contains("\n  \"performance_index\"", body);
    }

    [Fact]
    public async Task Metrics_of_a_named_app_from_the_configured_catalogue()
    {
        var billing = await Sample("api/metrics/billing");
        var shop = await Sample("api/metrics/shop");

        Assert.Equal(("billing", "</script><b>billing</b>"), (billing.AppName, billing.Domain));
        Assert.Equal(("shop", "shop.example.com"), (shop.AppName, shop.Domain));
        // Each app has samples of its own (a sample is a function of app and time bucket).
        Assert.NotEqual(billing.PerformanceIndex, shop.PerformanceIndex);
    }

    [Fact]
    public async Task Metrics_for_an_unknown_app_is_a_404_problem_listing_the_known_apps()
    {
        var problem = await _http.GetAsync("api/metrics/no-such-app").ProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("no-such-app", problem.GetProperty("detail").GetString());
        Assert.Contains("test-app, shop, billing, functions-monitor", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("-dash-first")]
    [InlineData("dash-last-")]
    [InlineData("%C3%BCn%C3%AFcode")]
    [InlineData("semi;colon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64 characters
    public async Task Metrics_for_a_malformed_app_name_is_a_400_problem(string name)
    {
        var problem = await _http.GetAsync("api/metrics/" + name).ProblemAsync(HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("app name", detail);
        // The rule is said once, not once by the problem and again after it.
        Assert.Equal(1, detail.Split(Catalogue.NameRule).Length - 1);
    }

    private async Task<MetricsSample> Sample(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), MetricsJsonContext.Default.MetricsSample)!;
    }

    internal static string[] Names(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
