using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace FunctionsMonitor.HostTests;

[Collection(AspireCollection.Name)]
public sealed class AspireAppHostTests(AspireFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string CallerTraceId = "7bf92f3577b34da6a3ce929d0e0e4742", CallerSpanId = "30f067aa0ba902b3";

    private const string TestsUserAgent = "FunctionsMonitor.Tests";

    [Fact]
    public async Task A_chart_through_the_chart_resource_is_a_png_of_the_metrics_resources_sample()
    {
        using var chart = fixture.App.CreateHttpClient(AspireFixture.Chart, "http");
        var before = await MetricsInvocationsAsync();

        using var response = await chart.GetAsync("api/chart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Header("Content-Type"));
        using var image = Images.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((1024, 512), (image.Width, image.Height));
        Assert.Equal(Environment.MachineName, response.Header("X-Metrics-Host"));
        // The sample came over HTTP from the metrics resource: its worker counted the invocation.
        Assert.True(await MetricsInvocationsAsync() > before, "the metrics resource served no sample for the chart");
    }

    /// <summary>The routes each side must answer, and those it must not: the Deployments' split.</summary>
    public static TheoryData<string, string, HttpStatusCode> Routes => new()
    {
        { AspireFixture.Metrics, "api/metrics", HttpStatusCode.OK },
        { AspireFixture.Metrics, "api/metrics/test-app/history?seconds=5", HttpStatusCode.OK },
        { AspireFixture.Metrics, "api/healthz", HttpStatusCode.OK },
        { AspireFixture.Metrics, "api/chart", HttpStatusCode.NotFound },
        { AspireFixture.Metrics, "api/dashboard", HttpStatusCode.NotFound },
        { AspireFixture.Metrics, "api/openapi.json", HttpStatusCode.NotFound },
        { AspireFixture.Chart, "api/chart?format=svg", HttpStatusCode.OK },
        { AspireFixture.Chart, "api/dashboard", HttpStatusCode.OK },
        { AspireFixture.Chart, "api/openapi.json", HttpStatusCode.OK },
        { AspireFixture.Chart, "api/healthz", HttpStatusCode.OK },
        { AspireFixture.Chart, "api/metrics", HttpStatusCode.NotFound },
        { AspireFixture.Chart, "api/metrics/test-app/history", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_resource_answers_its_Deployments_routes_and_404_for_the_other_sides(string resource, string path, HttpStatusCode status)
    {
        using var http = fixture.App.CreateHttpClient(resource, "http");
        // The tests' own requests to the probe route are traced and named as theirs (see the probes' test).
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", TestsUserAgent);

        using var response = await http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task A_callers_chart_request_is_one_trace_in_the_dashboard_across_both_hosts_and_workers()
    {
        var trace = await ChartTraceAsync("1");

        var chartRequest = Assert.Single(trace, s => s.Service == AspireFixture.Chart && s.Scope == "Microsoft.AspNetCore");
        var chartInvoke = Assert.Single(trace, s => s.Name == "function ChartFunction");
        var fetch = Assert.Single(trace, s => s.Name == "metrics fetch");
        var call = Assert.Single(trace, s => s.Scope == "System.Net.Http");
        var metricsRequest = Assert.Single(trace, s => s.Service == AspireFixture.Metrics && s.Scope == "Microsoft.AspNetCore");
        var metricsInvoke = Assert.Single(trace, s => s.Name == "function MetricsFunction");
        Assert.Equal(CallerSpanId, chartRequest.ParentSpanId);
        Assert.Equal(chartRequest.SpanId, chartInvoke.ParentSpanId);
        Assert.Equal(chartInvoke.SpanId, fetch.ParentSpanId);
        Assert.Equal(fetch.SpanId, call.ParentSpanId);
        Assert.Equal(call.SpanId, metricsRequest.ParentSpanId);
        Assert.Equal(metricsRequest.SpanId, metricsInvoke.ParentSpanId);
        Assert.Equal(AspireFixture.Chart, chartInvoke.Service);
        Assert.Equal(AspireFixture.Metrics, metricsInvoke.Service);
    }

    [Fact]
    public async Task The_dashboards_probes_of_both_sides_leave_no_trace()
    {
        // Both sides are healthy (the fixture waited for it), so the AppHost has probed each one's /api/healthz. A traced
        // request to each probe route, sent after those probes, by the tests: once the dashboard has both, it has every
        // span either host ended before them, the probes' included had they been traced.
        var markers = new List<string>();
        foreach (var side in new[] { AspireFixture.Metrics, AspireFixture.Chart })
        {
            var traceId = CallerTraceId[..^2] + markers.Count.ToString("x2");
            using var http = new HttpClient { BaseAddress = fixture.Endpoint(side), Timeout = TimeSpan.FromSeconds(10) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/healthz");
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{CallerSpanId}-01");
            request.Headers.TryAddWithoutValidation("User-Agent", TestsUserAgent);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
            markers.Add(traceId);
        }
        foreach (var traceId in markers)
            // The host's own request span: the worker's span of the same trace comes from another process.
            await Poll.UntilAsync(() => TraceAsync(traceId),
                t => t.Any(span => span.Scope == "Microsoft.AspNetCore"), seconds: 30);

        var probeRoute = (await ProbeRouteSpansAsync()).ToList();

        // The tests' own, and nothing else: not the AppHost's probe (its user agent), not an untagged one.
        Assert.Contains(probeRoute, s => s.Service == AspireFixture.Metrics);
        Assert.Contains(probeRoute, s => s.Service == AspireFixture.Chart);
        Assert.All(probeRoute, s => Assert.Equal(TestsUserAgent, s.UserAgent));
    }

    [Fact]
    public async Task Each_side_is_one_instance_in_the_dashboard_and_every_process_sends_logs()
    {
        using var chart = fixture.App.CreateHttpClient(AspireFixture.Chart, "http");
        Assert.Equal(HttpStatusCode.OK, (await chart.GetAsync("api/chart?width=700")).StatusCode);

        var resources = await fixture.TelemetryAsync("resources");
        var names = resources.EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal([AspireFixture.Chart, AspireFixture.Metrics], names);
        Assert.All(resources.EnumerateArray(), r => Assert.True(r.GetProperty("hasLogs").GetBoolean()));
        // The hosts' logs and the workers' own (their start lines, from the worker's scope), for both sides.
        var logs = await Poll.UntilAsync(() => LogScopesAsync(),
            s => s.Contains((AspireFixture.Metrics, "FunctionsMonitor.Observability.StartupLog"))
                && s.Contains((AspireFixture.Chart, "FunctionsMonitor.Observability.StartupLog")), seconds: 30);
        Assert.Contains((AspireFixture.Metrics, "FunctionsMonitor.Observability.StartupLog"), logs);
        Assert.Contains((AspireFixture.Chart, "FunctionsMonitor.Observability.StartupLog"), logs);
        Assert.Contains(logs, l => l.Service == AspireFixture.Metrics && l.Scope.StartsWith("Host.", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Service == AspireFixture.Chart && l.Scope.StartsWith("Host.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_shows_a_chart_requests_trace_across_the_four_processes()
    {
        await ChartTraceAsync("2");
        var traceId = CallerTraceId[..^1] + "2";
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
        });
        await using var _ = context;
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(fixture.Dashboard, $"traces/detail/{traceId}").ToString());

        // What the page says: the trace's summary, and a row for each span with the resource that sent it: the chart
        // host's request, the chart worker's invocation, fetch, HTTP call and render, the metrics host's request and
        // the metrics worker's invocation.
        var rows = page.GetByRole(AriaRole.Row);
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "function MetricsFunction" }))
            .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        var header = await page.GetByText("Total spans").Locator("..").InnerTextAsync();
        Assert.Matches(@"Resources\s*2\b", header);
        Assert.Matches(@"Total spans\s*7\b", header);
        var shown = new List<(string Name, string Resource)>();
        foreach (var row in await rows.AllAsync())
        {
            var cells = await row.GetByRole(AriaRole.Gridcell).AllInnerTextsAsync();
            if (cells.Count >= 2 && cells[1].StartsWith("functions-monitor-", StringComparison.Ordinal))
                shown.Add((cells[0].Trim(), cells[1].Trim()));
        }
        Assert.Equal(
        [
            ("GET", AspireFixture.Chart), ("function ChartFunction", AspireFixture.Chart), ("metrics fetch", AspireFixture.Chart),
            ("HTTP GET 200", AspireFixture.Chart), ("GET", AspireFixture.Metrics), ("function MetricsFunction", AspireFixture.Metrics),
            ("chart render", AspireFixture.Chart),
        ], shown);
        // The picture docs/aspire-trace.png shows (scripts/refresh-docs-images.sh): the trace, without the empty page below.
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Images.Pictures, "aspire-trace.png"),
            Clip = new Clip { X = 0, Y = 0, Width = 1600, Height = 440 },
        });
    }

    /// <summary>Sends a chart request with the caller's traceparent (its trace id ending in <paramref name="suffix"/>)
    /// and waits until the dashboard has its spans from all four processes.</summary>
    private async Task<IReadOnlyList<DashboardSpan>> ChartTraceAsync(string suffix)
    {
        var traceId = CallerTraceId[..^1] + suffix;
        Assert.Equal(200, await RawHttp.GetAsync(fixture.Endpoint(AspireFixture.Chart), $"/api/chart?width=64{suffix}",
            $"00-{traceId}-{CallerSpanId}-01"));
        static bool Complete(IReadOnlyList<DashboardSpan> t) =>
            t.Count(s => s.Scope == "Microsoft.AspNetCore") == 2 && t.Any(s => s.Name == "function ChartFunction")
            && t.Any(s => s.Name == "function MetricsFunction") && t.Any(s => s.Name == "chart render");
        var trace = await Poll.UntilAsync(() => TraceAsync(traceId), Complete, seconds: 30);
        Assert.True(Complete(trace), "the dashboard's trace is incomplete:\n" + string.Join("\n", trace));
        return trace;
    }

    private async Task<IReadOnlyList<DashboardSpan>> TraceAsync(string traceId)
    {
        try
        {
            var spans = new List<DashboardSpan>();
            var data = (await fixture.TelemetryAsync($"traces/{traceId}")).GetProperty("data");
            foreach (var resource in data.GetProperty("resourceSpans").EnumerateArray())
            {
                var (service, instance) = (Attribute(resource, "service.name"), Attribute(resource, "service.instance.id"));
                foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
                    foreach (var span in scope.GetProperty("spans").EnumerateArray())
                        spans.Add(new DashboardSpan(service, instance, scope.GetProperty("scope").GetProperty("name").GetString()!,
                            span.GetProperty("name").GetString()!, span.GetProperty("spanId").GetString()!,
                            span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString()! : ""));
            }
            return spans;
        }
        catch (HttpRequestException)
        {
            return []; // not there yet
        }
    }

    /// <summary>Every host request span to <c>/api/healthz</c> the dashboard holds (all its traces: the list gives the
    /// latest 100 unless told), with the user agent that sent it.</summary>
    private async Task<IEnumerable<(string Service, string UserAgent)>> ProbeRouteSpansAsync()
    {
        var spans = new List<(string, string)>();
        var data = (await fixture.TelemetryAsync("traces?limit=100000")).GetProperty("data");
        foreach (var resource in data.GetProperty("resourceSpans").EnumerateArray())
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var attributes = span.TryGetProperty("attributes", out var a) ? a.EnumerateArray().ToList() : [];
                    string Value(string key) => attributes.Where(x => x.GetProperty("key").GetString() == key)
                        .Select(x => x.GetProperty("value").GetProperty("stringValue").GetString()!).FirstOrDefault() ?? "";
                    if (Value("url.path") == "/api/healthz")
                        spans.Add((Attribute(resource, "service.name"), Value("user_agent.original")));
                }
        return spans;
    }

    private async Task<IReadOnlyList<(string Service, string Scope)>> LogScopesAsync()
    {
        var scopes = new List<(string, string)>();
        var data = (await fixture.TelemetryAsync("logs")).GetProperty("data");
        foreach (var resource in data.GetProperty("resourceLogs").EnumerateArray())
        {
            var service = Attribute(resource, "service.name");
            foreach (var scope in resource.GetProperty("scopeLogs").EnumerateArray())
                scopes.Add((service, scope.GetProperty("scope").GetProperty("name").GetString()!));
        }
        return scopes;
    }

    private static string Attribute(JsonElement resource, string key) =>
        resource.GetProperty("resource").GetProperty("attributes").EnumerateArray()
            .Where(a => a.GetProperty("key").GetString() == key)
            .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString()!).FirstOrDefault() ?? "";

    private async Task<double> MetricsInvocationsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrape = await http.GetStringAsync(new Uri(fixture.Endpoint(AspireFixture.Metrics, "prometheus"), "metrics"));
        return PrometheusText.Sum(scrape, "faas_invocations_total", "faas_name=\"MetricsFunction\"");
    }
}
