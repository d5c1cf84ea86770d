using System.Diagnostics;
using System.Net;
using FunctionsMonitor.Testing.Otlp;

namespace FunctionsMonitor.HostTests;

[Collection(FaultsCollection.Name)]
public sealed class UpstreamFaultTests(FaultsFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Chart_of_the_Go_seeds_sample_is_drawn_although_it_breaks_our_invariants()
    {
        fixture.Behave("seed");

        using var response = await _http.GetAsync("api/chart");
        var svg = await _http.GetStringAsync("api/chart?format=svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Images.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((1024, 512), (image.Width, image.Height));
        Assert.Contains("Host: (not reported)", svg);   // the seed's empty host
        Assert.Contains("6.6 %", svg);                  // failRatio 0.0656 as a percentage
        Assert.DoesNotContain("MaxLatency", svg);        // the seed sends none
    }

    [Fact]
    public async Task Chart_of_an_app_the_upstream_does_not_know_is_a_404_problem()
    {
        fixture.Behave("seed");

        var problem = await _http.GetAsync("api/chart?app=other-app").ProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("other-app", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("fail", "answered 500")]
    [InlineData("garbage", "not a metrics sample")]
    [InlineData("wrongshape", "not a metrics sample")]
    public async Task A_broken_upstream_is_a_502_problem_saying_what_it_answered(string behaviour, string expected)
    {
        fixture.Behave(behaviour);

        var problem = await _http.GetAsync("api/chart").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        // The internal address is the log's, not an anonymous caller's (HostileUpstreamTests reads the log).
        Assert.DoesNotContain(fixture.Upstream.BaseUrl.Authority, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_500_is_retried_as_configured_before_the_502()
    {
        fixture.Behave("fail");

        await _http.GetAsync("api/chart").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal(3, fixture.Upstream.Hits["switch"]); // MetricsService__Retries = 2
    }

    [Fact]
    public async Task An_upstream_that_hangs_is_a_504_problem_within_the_configured_timeout()
    {
        fixture.Behave("hang");
        var clock = Stopwatch.StartNew();

        var problem = await _http.GetAsync("api/chart").ProblemAsync(HttpStatusCode.GatewayTimeout);

        // The configured bound plus slack for a busy 2-core machine; the default HttpClient would wait 100 s.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6));
        Assert.Contains("MetricsService__TimeoutSeconds = 2 s", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_worker_keeps_serving_after_upstream_failures()
    {
        fixture.Behave("hang");
        var failures = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _http.GetAsync($"api/chart?width={500 + i}")));
        Assert.All(failures, f => Assert.Equal(HttpStatusCode.GatewayTimeout, f.StatusCode));

        // The same worker, the same HttpClient factory and handlers: healthy requests still work.
        fixture.Behave("seed");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/chart")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_failed_fetch_is_never_answered_with_a_cached_chart()
    {
        fixture.Behave("seed");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/chart?width=640")).StatusCode);
        fixture.Behave("fail");
        await _http.GetAsync("api/chart?width=640").ProblemAsync(HttpStatusCode.BadGateway);
        fixture.Behave("seed");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/chart?width=640")).StatusCode);
    }

    [Fact]
    public async Task History_against_the_Go_seed_is_a_502_that_says_it_has_none_and_the_bar_chart_still_works()
    {
        fixture.Behave("seed");

        var problem = await _http.GetAsync("api/chart?kind=history").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("no history endpoint", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/chart?kind=bar")).StatusCode);
    }

    [Fact]
    public async Task The_chart_reads_the_live_app_in_process_even_with_a_metrics_service_configured()
    {
        fixture.Behave("seed");

        using var live = await _http.GetAsync("api/chart?app=functions-monitor");
        using var seed = await _http.GetAsync("api/chart?app=test-app");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(Environment.MachineName, live.Header("X-Metrics-Host"));
        Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        Assert.Equal(1, fixture.Upstream.Hits.GetValueOrDefault("switch")); // only the catalogued app went over HTTP
    }
}
