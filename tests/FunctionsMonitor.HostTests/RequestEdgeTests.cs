using System.Net;

namespace FunctionsMonitor.HostTests;

/// <summary>
/// What every route does with what a client may send besides a plain GET, through the real host with the image's
/// environment: HEAD is served like GET, other methods are a 405 with Allow, a body is refused (a small one by the
/// worker with a 413, a large one by the host before it reads it into memory), and every answer carries the headers a
/// browser relies on.
/// </summary>
[Collection(DefaultHostCollection.Name)]
public sealed class RequestEdgeTests(DefaultHostFixture fixture)
{
    public static TheoryData<string> Routes() =>
    [
        "/api/metrics", "/api/metrics/test-app", "/api/metrics/test-app/history?seconds=5", "/api/chart", "/api/chart?format=svg",
        "/api/dashboard", "/api/openapi.json", "/api/healthz",
    ];

    private readonly HttpClient _http = fixture.Host.Http;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task HEAD_is_served_wherever_GET_is_with_the_same_headers_and_no_body(string route)
    {
        using var get = await _http.GetAsync(route[1..]);
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, route[1..]));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.Equal(get.Header("Cache-Control"), head.Header("Cache-Control"));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", head.Header("X-Content-Type-Options"));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Any_other_method_is_a_405_problem_with_Allow(string route)
    {
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options })
        {
            using var response = await _http.SendAsync(new HttpRequestMessage(method, route[1..]));

            var problem = await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
            Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
            Assert.Contains(method.Method, problem.GetProperty("detail").GetString());
            Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_small_body_on_GET_is_a_413_problem(string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route[1..]) { Content = new ByteArrayContent(new byte[1000]) };

        using var response = await _http.SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("takes no request body", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_chunked_body_on_GET_without_a_length_is_a_413_problem_too(string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route[1..]) { Content = new StreamContent(new MemoryStream(new byte[1000])) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http.SendAsync(request);

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("takes no request body", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_50_MB_body_on_each_route_is_refused_before_it_is_read_and_memory_stays_put()
    {
        var before = Resident();
        var worst = 0.0;
        foreach (var route in Routes())
        {
            var (status, headers) = await RawHttp.SendBodyAsync(fixture.Host.BaseUrl, "GET", route, 50L * 1024 * 1024);

            // The host refuses a body past FUNCTIONS_REQUEST_BODY_SIZE_LIMIT as it starts to read it; its answer is
            // its own bare 500 (its exception handler turns Kestrel's 413 into that), and it closes the connection.
            Assert.Equal(500, status);
            Assert.Contains("Connection: close", headers);
            worst = Math.Max(worst, Resident() - before);
        }

        Assert.True(worst < 64, $"host + worker grew by {worst:0} MB");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/healthz")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_has_a_policy_that_runs_only_its_own_script_and_cannot_be_framed()
    {
        using var response = await _http.GetAsync("api/dashboard");

        var policy = response.Header("Content-Security-Policy")!;
        Assert.Matches("script-src 'sha256-[A-Za-z0-9+/]{43}='", policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Equal("DENY", response.Header("X-Frame-Options"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("api/chart?format=svg", true)]
    [InlineData("api/chart", false)]
    [InlineData("api/chart?width=1", false)]
    [InlineData("api/metrics/nope", false)]
    public async Task Charts_and_problems_are_nosniff_and_an_SVG_has_a_sandboxing_policy(string route, bool svg)
    {
        using var response = await _http.GetAsync(route);

        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        var policy = response.Header("Content-Security-Policy");
        if (svg)
        {
            Assert.Contains("sandbox", policy);
            Assert.Contains("default-src 'none'", policy);
        }
        else
        {
            Assert.Null(policy);
        }
    }

    [Fact]
    public async Task If_None_Match_star_is_a_304()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/chart?width=801");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.NotNull(response.Header("ETag"));
    }

    private double Resident() => fixture.Host.Process.SessionProcesses().Sum(ProcessStats.ResidentMegabytes);
}
