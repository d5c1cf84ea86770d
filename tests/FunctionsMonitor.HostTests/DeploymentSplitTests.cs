using System.Net;
using FunctionsMonitor.Tests.Hosting;
using FunctionsMonitor.Tests.Otlp;

namespace FunctionsMonitor.Tests;

[Collection(SplitCollection.Name)]
public sealed class DeploymentSplitTests(SplitFixture fixture)
{
    /// <summary>What each side must serve: the metrics side its two routes (and the public health check), the chart
    /// side the rest. Held here, not read from the manifests, so that a wrong function filter there fails.</summary>
    public static TheoryData<Side, string, bool> Routes => new()
    {
        { Side.Metrics, "api/metrics", true },
        { Side.Metrics, "api/metrics/shop/history?seconds=5", true },
        { Side.Metrics, "api/healthz", true },
        { Side.Metrics, "api/chart", false },
        { Side.Metrics, "api/dashboard", false },
        { Side.Metrics, "api/openapi.json", false },
        { Side.Chart, "api/chart", true },
        { Side.Chart, "api/dashboard", true },
        { Side.Chart, "api/openapi.json", true },
        { Side.Chart, "api/healthz", true },
        { Side.Chart, "api/metrics", false },
        { Side.Chart, "api/metrics/shop/history", false },
    };

    private AppHost Host(Side side) => side == Side.Metrics ? fixture.Metrics : fixture.Chart;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_Deployment_answers_its_own_routes_and_404_for_the_other_sides(Side side, string path, bool served)
    {
        using var response = await Host(side).Http.GetAsync(path);

        Assert.Equal(served ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_function_filters_come_from_the_manifests_and_name_functions_the_app_has()
    {
        Assert.Equal(["MetricsFunction", "MetricsHistoryFunction", "HealthFunction"], Deployments.Functions(Side.Metrics));
        Assert.Equal(["ChartFunction", "DashboardFunction", "OpenApiFunction", "HealthFunction"], Deployments.Functions(Side.Chart));
    }

    [Theory]
    [InlineData(Side.Metrics)]
    [InlineData(Side.Chart)]
    public async Task The_hosts_admin_API_answers_401_without_a_key(Side side)
    {
        using var response = await Host(side).Http.GetAsync("admin/host/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Where_each_workers_scrape_endpoint_listens_is_in_its_hosts_log()
    {
        foreach (var host in new[] { fixture.Metrics, fixture.Chart })
        {
            Assert.Contains($"Prometheus metrics at http://*:{host.MetricsPort}/metrics", host.Log);
            Assert.Contains("# TYPE", await host.ScrapeAsync());
        }
    }

    [Fact]
    public async Task The_chart_side_draws_the_metrics_sides_samples_reached_by_its_url()
    {
        var svg = await fixture.Chart.Http.GetStringAsync("api/chart?app=shop&format=svg");
        using var history = await fixture.Chart.Http.GetAsync("api/chart?app=shop&kind=history&seconds=30");

        Assert.Contains("AppName: shop", svg);
        Assert.Contains("Domain: shop.example.com", svg);
        Assert.Contains("MaxLatency", svg);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        // An app the metrics side does not know: its 404, passed through.
        await fixture.Chart.Http.GetAsync("api/chart?app=test-app").ProblemAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>
/// One trace across both Deployments, from what the hosts and workers export over OTLP: nothing in this process makes
/// a span of the app's. Each link is checked: the chart host's request span under the caller's, the chart worker's
/// invocation under it, the metrics fetch, one HTTP client span, the metrics host's request span under that, and the
/// metrics worker's invocation under it.
/// </summary>
[Collection(SplitCollection.Name)]
public sealed class TracingTests(SplitFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string CallerTraceId = "5bf92f3577b34da6a3ce929d0e0e4737", CallerSpanId = "10f067aa0ba902b8";

    [Fact]
    public async Task A_callers_traceparent_gives_one_trace_through_both_hosts_and_workers()
    {
        Assert.Equal(200, await RawHttp.GetAsync(fixture.Chart.BaseUrl, "/api/chart?app=shop&width=640&height=320",
            $"00-{CallerTraceId}-{CallerSpanId}-01"));

        bool Complete(IReadOnlyList<ExportedSpan> t) =>
            t.Count(s => s.Kind == SpanKind.Server) >= 2 && t.Any(s => s.Name == "chart render")
            && t.Count(s => s.Name.StartsWith("function ", StringComparison.Ordinal)) >= 2;
        var trace = await Poll.UntilAsync(() => fixture.Otlp.Trace(CallerTraceId), Complete);
        var all = string.Join("\n", trace);
        output.WriteLine(all);
        Assert.True(Complete(trace), "the trace is incomplete:\n" + all);

        var chartRequest = Assert.Single(trace, s => s.Kind == SpanKind.Server && s.Service == "functions-monitor-chart");
        var chartInvoke = Assert.Single(trace, s => s.Name == "function ChartFunction");
        var fetch = Assert.Single(trace, s => s.Name == "metrics fetch");
        var call = Assert.Single(trace, s => s.Kind == SpanKind.Client);
        var metricsRequest = Assert.Single(trace, s => s.Kind == SpanKind.Server && s.Service == "functions-monitor-metrics");
        var metricsInvoke = Assert.Single(trace, s => s.Name == "function MetricsFunction");
        var render = Assert.Single(trace, s => s.Name == "chart render");

        Assert.Equal(CallerSpanId, chartRequest.ParentSpanId);           // the chart host continues the caller's trace
        Assert.Equal(chartRequest.SpanId, chartInvoke.ParentSpanId);     // the worker continues the host's
        Assert.Equal(chartInvoke.SpanId, fetch.ParentSpanId);
        Assert.Equal(fetch.SpanId, call.ParentSpanId);
        Assert.Equal(call.SpanId, metricsRequest.ParentSpanId);          // the metrics host continues the chart's call
        Assert.Equal(metricsRequest.SpanId, metricsInvoke.ParentSpanId);
        Assert.Equal(chartInvoke.SpanId, render.ParentSpanId);
        Assert.Equal("functions-monitor-chart", chartInvoke.Service);
        Assert.Equal("functions-monitor-metrics", metricsInvoke.Service);
        Assert.Equal("ok", fetch.Attribute("fetch.outcome"));
        Assert.Equal(("bar", "png", "640x320", "miss"),
            (render.Attribute("chart.kind"), render.Attribute("chart.format"), render.Attribute("chart.size"), render.Attribute("chart.cache.result")));
    }

    [Fact]
    public async Task No_exported_span_is_of_the_workers_own_channel_to_the_host_and_metrics_arrive_over_otlp()
    {
        Assert.Equal(200, await RawHttp.GetAsync(fixture.Chart.BaseUrl, "/api/chart?app=shop&width=641"));
        await Poll.UntilAsync(() => fixture.Otlp.Metrics.ToArray(),
            m => m.Any(x => x.Service == "functions-monitor-chart" && x.Metric == "faas.invoke_duration"));

        Assert.DoesNotContain(fixture.Otlp.Spans, s => s.Attributes.Values.Any(v => v.Contains("AzureFunctionsRpcMessages", StringComparison.Ordinal))
            || s.Name.Contains("EventStream", StringComparison.Ordinal));
        Assert.Contains(fixture.Otlp.Requests, r => r == "traces application/x-protobuf");
        Assert.Contains(fixture.Otlp.Requests, r => r == "metrics application/x-protobuf");
        Assert.Contains(fixture.Otlp.Metrics, m => m.Service == "functions-monitor-chart" && m.Metric == "faas.invoke_duration" && m.Unit == "s");
    }
}
