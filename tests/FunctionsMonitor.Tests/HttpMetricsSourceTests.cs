using System.Diagnostics;
using System.Net;

namespace FunctionsMonitor.Tests;

/// <summary>The chart against a metrics service over real HTTP on 127.0.0.1, well and badly behaved.</summary>
public sealed class HttpMetricsSourceTests : IAsyncLifetime
{
    private Upstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await Upstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private static Task<TestApp> ChartAgainst(string baseUrl, double timeoutSeconds = 10, int retries = 1) =>
        TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["MetricsService:BaseUrl"] = baseUrl,
            ["MetricsService:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MetricsService:Retries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    [Fact]
    public async Task Chart_of_the_Go_seeds_sample_is_drawn_although_it_breaks_our_invariants()
    {
        await using var app = await ChartAgainst(_upstream.Url("seed"));

        var response = await app.ChartAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Images.Decode(response.BodyBytes);
        Assert.Equal((1024, 512), (image.Width, image.Height));
        var svg = (await app.ChartAsync("?format=svg")).BodyText;
        Assert.Contains("Host: (not reported)", svg);   // the seed's empty host
        Assert.Contains("6.6 %", svg);                  // failRatio 0.0656 as a percentage
        Assert.DoesNotContain("MaxLatency", svg);        // the seed sends none
    }

    [Fact]
    public async Task Chart_of_an_app_the_upstream_does_not_know_is_a_404_problem()
    {
        await using var app = await ChartAgainst(_upstream.Url("seed"));

        var problem = Problems.Assert(await app.ChartAsync("?app=other-app"), HttpStatusCode.NotFound);

        Assert.Contains("other-app", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("fail", "answered 500")]
    [InlineData("garbage", "not a metrics sample")]
    [InlineData("wrongshape", "not a metrics sample")]
    public async Task A_broken_upstream_is_a_502_problem_saying_what_it_answered(string behaviour, string expected)
    {
        await using var app = await ChartAgainst(_upstream.Url(behaviour));

        var problem = Problems.Assert(await app.ChartAsync(), HttpStatusCode.BadGateway);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        Assert.Contains(_upstream.BaseUrl.Authority, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_500_is_retried_as_configured_before_the_502()
    {
        await using var app = await ChartAgainst(_upstream.Url("fail"), retries: 2);

        Problems.Assert(await app.ChartAsync(), HttpStatusCode.BadGateway);

        Assert.Equal(3, _upstream.Hits["fail"]);
    }

    [Fact]
    public async Task An_upstream_that_is_not_listening_is_a_502_problem_within_the_bound()
    {
        await using var app = await ChartAgainst(Upstream.NotListening(), timeoutSeconds: 2);
        var clock = Stopwatch.StartNew();

        var problem = Problems.Assert(await app.ChartAsync(), HttpStatusCode.BadGateway);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("MetricsService:BaseUrl", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_upstream_that_hangs_is_a_504_problem_within_the_configured_timeout()
    {
        await using var app = await ChartAgainst(_upstream.Url("hang"), timeoutSeconds: 1);
        var clock = Stopwatch.StartNew();

        var problem = Problems.Assert(await app.ChartAsync(), HttpStatusCode.GatewayTimeout);

        // The configured bound plus slack for a busy 2-core machine; the default HttpClient would wait 100 s.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(4));
        Assert.Contains("MetricsService:TimeoutSeconds = 1 s", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_worker_keeps_serving_after_upstream_failures()
    {
        await using var broken = await ChartAgainst(_upstream.Url("hang"), timeoutSeconds: 1);
        var failures = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => broken.ChartAsync()));
        Assert.All(failures, f => Assert.Equal(HttpStatusCode.GatewayTimeout, f.StatusCode));

        // Same process, same HttpClient factory and handlers: healthy requests still work.
        await using var healthy = await ChartAgainst(_upstream.Url("seed"));
        Assert.Equal(HttpStatusCode.OK, (await healthy.ChartAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await broken.MetricsAsync()).StatusCode);
    }

    [Fact]
    public async Task Chart_against_our_own_metrics_function_over_http_draws_its_sample()
    {
        await using var metricsApp = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Metrics:Apps:0:Name"] = "shop",
            ["Metrics:Apps:0:Domain"] = "shop.example.com",
        });
        await using var metricsServer = await FunctionsHttpServer.StartAsync(metricsApp);
        await using var chartApp = await ChartAgainst(new Uri(metricsServer.BaseUrl, "/api").ToString());

        var svg = await chartApp.ChartAsync("?app=shop&format=svg");

        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Contains("AppName: shop", svg.BodyText);
        Assert.Contains("Domain: shop.example.com", svg.BodyText);
        Assert.Contains("MaxLatency", svg.BodyText);
        Problems.Assert(await chartApp.ChartAsync("?app=test-app"), HttpStatusCode.NotFound);
    }
}
