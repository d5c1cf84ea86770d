using System.Diagnostics;
using System.Net;

namespace FunctionsMonitor.HostTests;

/// <summary>
/// The chart side against a metrics service that misbehaves the way a broken or hostile one would, through the real
/// host (<see cref="FaultsFixture"/>: MetricsService__TimeoutSeconds = 2, two retries): every case is a bounded 502 or
/// 504 with a problem body, never a 500, and the worker is idle again soon after.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class HostileUpstreamTests(FaultsFixture fixture)
{
    private const double TimeoutSeconds = 2;

    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task An_upstream_that_sends_its_headers_and_then_drips_its_body_is_a_504_within_the_timeout_plus_a_second()
    {
        fixture.Behave("drip");
        var clock = Stopwatch.StartNew();

        var problem = await _http.GetAsync("api/chart?width=701").ProblemAsync(HttpStatusCode.GatewayTimeout);

        Assert.InRange(clock.Elapsed.TotalSeconds, TimeoutSeconds - 0.5, TimeoutSeconds + 1);
        Assert.True(fixture.Upstream.Dripped > 0, "the upstream never started its body");
        Assert.Contains("the body included", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(900_000)] // under the 1 MB body cap: once 7 minutes of a core after the client had gone
    [InlineData(100_000)] // once 5.2 s to draw and a 1.25 MB SVG
    [InlineData(257)]
    public async Task A_sample_whose_host_is_too_long_is_a_502_at_once_and_the_worker_is_idle_right_after(int length)
    {
        fixture.Behave("host");
        fixture.Upstream.SampleHost = new string('h', length);
        var worker = fixture.Host.Process.WorkerProcessId() ?? throw new InvalidOperationException("no worker");
        var clock = Stopwatch.StartNew();

        var problem = await _http.GetAsync($"api/chart?format=svg&width={640 + length % 97}").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(TimeoutSeconds), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains($"host is {length} characters long, more than 256", problem.GetProperty("detail").GetString());
        var idle = await ProcessStats.UntilIdleAsync(worker, TimeSpan.FromSeconds(3));
        Assert.True(idle < TimeSpan.FromSeconds(3), "the worker was still busy 3 s after the answer");
    }

    [Theory]
    [InlineData("big", "answered a body of 104857600 bytes; a sample or a history is at most 1 MiB")]
    [InlineData("bigchunked", "sent more than 1 MiB without saying its length")]
    public async Task A_body_past_a_mebibyte_is_a_502_that_says_so_at_once_and_the_worker_keeps_its_memory(string behaviour, string says)
    {
        fixture.Behave(behaviour);
        var worker = fixture.Host.Process.WorkerProcessId() ?? throw new InvalidOperationException("no worker");
        var before = ProcessStats.ResidentMegabytes(worker);
        var clock = Stopwatch.StartNew();

        var problem = await _http.GetAsync($"api/chart?width={760 + behaviour.Length}").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(TimeoutSeconds), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains(says, problem.GetProperty("detail").GetString());
        var grown = ProcessStats.ResidentMegabytes(worker) - before;
        Assert.True(grown < 32, $"the worker grew by {grown:0} MB reading a refused body");
    }

    [Fact]
    public async Task A_failed_fetch_with_retries_writes_one_warning_and_nothing_of_the_retry_pipelines_own()
    {
        fixture.Behave("fail");
        var start = fixture.Host.Log.Length;

        await _http.GetAsync("api/chart?width=770").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal(3, fixture.Upstream.Hits["switch"]); // the first attempt and two retries
        var written = await Poll.UntilAsync(() => fixture.Host.Log[start..], log => log.Contains("Metrics fetch GET", StringComparison.Ordinal));
        Assert.Equal(1, written.Split("Metrics fetch GET").Length - 1);
        Assert.DoesNotContain("Execution attempt", written);
        Assert.DoesNotContain("Resilience event", written);
    }

    [Fact]
    public async Task A_host_of_256_characters_is_drawn_and_carried_in_the_header()
    {
        fixture.Behave("host");
        fixture.Upstream.SampleHost = new string('p', 256);

        using var response = await _http.GetAsync("api/chart?width=702");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new string('p', 256), response.Header("X-Metrics-Host"));
    }

    [Theory]
    [InlineData("pod-1\r\nX-Injected: yes")]
    [InlineData("pod-1\nX-Injected: yes")]
    [InlineData("pod-1\u0000")]
    [InlineData("pod-\u001b[31m1")]
    public async Task A_host_with_control_characters_is_a_502_never_a_500_and_never_a_header(string host)
    {
        fixture.Behave("host");
        fixture.Upstream.SampleHost = host;

        using var response = await _http.GetAsync("api/chart?width=703");
        var problem = await response.ProblemAsync(HttpStatusCode.BadGateway);

        Assert.Contains("host holds control characters", problem.GetProperty("detail").GetString());
        Assert.Null(response.Header("X-Injected"));
        Assert.Null(response.Header("X-Metrics-Host"));
    }

    [Fact]
    public async Task A_host_in_another_script_is_drawn_but_left_out_of_the_header()
    {
        fixture.Behave("host");
        fixture.Upstream.SampleHost = "под-1";

        using var response = await _http.GetAsync("api/chart?format=svg&width=704");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The SVG is well-formed XML whose text holds the name, however it escapes it.
        Assert.Contains("под-1", System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Value);
        Assert.Null(response.Header("X-Metrics-Host"));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_Retry_After_past_the_budget_is_a_502_at_once_without_a_retry(int status)
    {
        fixture.Behave("busy");
        fixture.Upstream.Busy = (status, 3600);
        var clock = Stopwatch.StartNew();

        var problem = await _http.GetAsync($"api/chart?width={710 + status % 7}").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalSeconds:0.0} s: it waited");
        Assert.Equal(1, fixture.Upstream.Hits["switch"]);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains($"answered {status}", detail);
        Assert.Contains("asked to be left alone for 3600 s", detail);
    }

    [Fact]
    public async Task A_Retry_After_within_the_budget_is_waited_for_and_the_retry_is_drawn()
    {
        fixture.Behave("busyonce");
        var clock = Stopwatch.StartNew();

        using var response = await _http.GetAsync("api/chart?width=715");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, fixture.Upstream.Hits["switch"]);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"the retry came after {clock.Elapsed.TotalSeconds:0.00} s, before Retry-After's 1 s");
    }

    public static TheoryData<int, string> Redirects() => new()
    {
        { 302, "file:///etc/passwd" },
        { 302, "seed" },        // the same machine, a path that would answer a sample
        { 307, "prometheus" },  // the worker's own Prometheus port
        { 301, "http://[::1" }, // a Location that is not a URL
    };

    [Theory]
    [MemberData(nameof(Redirects))]
    public async Task A_redirect_is_not_followed_and_is_a_502_naming_the_status(int status, string location)
    {
        fixture.Behave("redirect");
        fixture.Upstream.Redirect = (status, location switch
        {
            "seed" => fixture.Upstream.Url("seed") + "/metrics/test-app",
            "prometheus" => $"http://127.0.0.1:{fixture.Host.MetricsPort}/metrics",
            _ => location,
        });

        var problem = await _http.GetAsync($"api/chart?width={720 + status % 10}").ProblemAsync(HttpStatusCode.BadGateway);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains($"answered {status}", detail);
        Assert.Contains("not followed", detail);
        Assert.Equal("switch", Assert.Single(fixture.Upstream.Hits).Key); // only the redirect itself: "seed" was never asked
    }

    [Fact]
    public async Task The_callers_problem_names_neither_the_internal_URL_nor_the_parsers_message_and_the_log_has_both()
    {
        fixture.Behave("wrongshape");

        var detail = (await _http.GetAsync("api/chart?width=730").ProblemAsync(HttpStatusCode.BadGateway)).GetProperty("detail").GetString()!;

        Assert.DoesNotContain(fixture.Upstream.BaseUrl.Authority, detail);
        Assert.DoesNotContain("JSON", detail, StringComparison.OrdinalIgnoreCase);
        var logged = await Poll.UntilAsync(() => fixture.Host.Log, log => log.Contains($"{fixture.Upstream.BaseUrl.Authority}/switch/metrics/test-app", StringComparison.Ordinal));
        Assert.Contains($"{fixture.Upstream.BaseUrl.Authority}/switch/metrics/test-app", logged);
    }

    [Fact]
    public async Task Two_apps_whose_service_answers_alike_get_charts_and_ETags_of_their_own()
    {
        fixture.Behave("same");

        using var first = await _http.GetAsync("api/chart?app=test-app&width=740");
        using var second = await _http.GetAsync("api/chart?app=other-app&width=740");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(first.Header("ETag"), second.Header("ETag"));
    }

    [Fact]
    public async Task A_sample_without_timestamp_keeps_its_ETag_within_its_second_so_a_refresh_gets_304()
    {
        fixture.Behave("seed");
        // The seed's samples carry no time: the chart draws the fetch's second, so the ETag may change at a second's
        // turn. Two requests within one second are the same chart, and the second is a 304.
        var statuses = await Buckets.WithinOneAsync(async () =>
        {
            using var first = await _http.GetAsync("api/chart?width=750");
            using var again = new HttpRequestMessage(HttpMethod.Get, "api/chart?width=750");
            again.Headers.TryAddWithoutValidation("If-None-Match", first.Header("ETag"));
            using var second = await _http.SendAsync(again);
            return (first.StatusCode, second.StatusCode);
        });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotModified), statuses);
    }
}
