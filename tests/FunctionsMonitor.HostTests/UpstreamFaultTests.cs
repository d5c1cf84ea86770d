using System.Diagnostics;
using System.Net;
using FunctionsMonitor.Tests.Hosting;
using FunctionsMonitor.Tests.Otlp;

namespace FunctionsMonitor.Tests;

/// <summary>
/// The chart side against a real metrics upstream on 127.0.0.1 that behaves as each test says (<see cref="Upstream"/>'s
/// <c>switch</c>): the Go seed, 500s, garbage, the wrong shape, hangs, a 500 then a sample. The host runs with the chart
/// Deployment's environment, two retries and a two-second bound, and exports its traces to a receiver on loopback.
/// </summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    public Upstream Upstream { get; private set; } = null!;

    public OtlpReceiver Otlp { get; private set; } = null!;

    public AppHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await Upstream.StartAsync();
        Otlp = await OtlpReceiver.StartAsync();
        Host = await AppHost.StartPublishedAsync("faults", Side.Chart, new Dictionary<string, string?>(Otlp.Settings("functions-monitor-chart"))
        {
            ["MetricsService__BaseUrl"] = Upstream.Url("switch"),
            ["MetricsService__TimeoutSeconds"] = "2",
            ["MetricsService__Retries"] = "2",
            ["MetricsService__RetryDelayMilliseconds"] = "100",
        });
    }

    /// <summary>The upstream set to one behaviour, with its counts cleared.</summary>
    public void Behave(string behaviour)
    {
        Upstream.Switch = behaviour;
        Upstream.Hits.Clear();
        Upstream.TraceParents.Clear();
    }

    public Task DisposeAsync() => Disposal.AllAsync(Host, Otlp, Upstream);
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults host";
}

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

/// <summary>Traces through the real host to the upstream: what a caller's <c>traceparent</c> becomes.</summary>
[Collection(FaultsCollection.Name)]
public sealed class UpstreamTracingTests(FaultsFixture fixture)
{
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736", CallerSpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task The_chart_sends_the_callers_trace_id_to_a_real_upstream_and_each_retry_is_a_span()
    {
        fixture.Behave("flaky"); // a 500, then the sample

        Assert.Equal(200, await RawHttp.GetAsync(fixture.Host.BaseUrl, "/api/chart?app=test-app&width=700",
            $"00-{CallerTraceId}-{CallerSpanId}-01"));

        // Two attempts, both carrying the caller's trace id: W3C propagation by HttpClient.
        var sent = fixture.Upstream.TraceParents.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.All(sent, header => Assert.Matches($"^00-{CallerTraceId}-[0-9a-f]{{16}}-01$", header));
        var trace = await Poll.UntilAsync(() => fixture.Otlp.Trace(CallerTraceId),
            t => t.Count(s => s.Kind == SpanKind.Client) == 2 && t.Any(s => s.Name == "metrics fetch"));
        var fetch = Assert.Single(trace, s => s.Name == "metrics fetch");
        var attempts = trace.Where(s => s.Kind == SpanKind.Client).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(fetch.SpanId, a.ParentSpanId));
        // Each attempt's span is the parent the upstream was told about.
        Assert.Equal(attempts.Select(a => a.SpanId).Order(), sent.Select(h => h.Split('-')[2]).Order());
        Assert.Equal("ok", fetch.Attribute("fetch.outcome"));
    }

    [Fact]
    public async Task Without_a_traceparent_the_invocation_starts_a_new_trace_and_still_propagates_it()
    {
        fixture.Behave("seed");

        Assert.Equal(200, await RawHttp.GetAsync(fixture.Host.BaseUrl, "/api/chart?app=test-app&width=701"));

        var header = Assert.Single(fixture.Upstream.TraceParents);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", header);
        Assert.DoesNotContain(CallerTraceId, header);
    }
}
