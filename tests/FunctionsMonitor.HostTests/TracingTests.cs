using FunctionsMonitor.Testing.Otlp;

namespace FunctionsMonitor.HostTests;

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
