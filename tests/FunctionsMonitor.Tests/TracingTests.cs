using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FunctionsMonitor.Tests;

/// <summary>
/// One trace across the DNS hop: a request to the chart that carries a W3C traceparent reaches the metrics service with
/// the same trace id, with no hand-written header code, and the spans of both sides form one tree. The HTTP adapter
/// continues the caller's trace as the host and worker do (<see cref="FunctionsHttpServer"/>); continuation through
/// the real Functions host is not run here.
/// </summary>
[Collection(Telemetry.Collection)]
public sealed class TracingTests
{
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736", CallerSpanId = "00f067aa0ba902b7";
    private const string TraceParent = $"00-{CallerTraceId}-{CallerSpanId}-01";

    /// <summary>An app whose spans also go to an in-memory list (what an exporter would send).</summary>
    private static Task<TestApp> StartTraced(List<Activity> spans, Dictionary<string, string?> settings) =>
        TestApp.StartAsync(settings, s => s.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(spans)));

    /// <summary>A caller from outside, like a browser: a plain HTTP/1.1 GET over a socket with exactly the headers
    /// given. (An HttpClient in this process would be instrumented by the apps' tracers, which replace traceparent.)
    /// Returns the status code.</summary>
    internal static async Task<int> Get(FunctionsHttpServer server, string pathAndQuery, string? traceParent = null)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.BaseUrl.Host, server.BaseUrl.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {server.BaseUrl.Authority}\r\n"
            + (traceParent is null ? "" : $"traceparent: {traceParent}\r\n") + "Connection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync() ?? "";
        await reader.ReadToEndAsync();
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The spans of the caller's trace, each once (every app's tracer sees every source in the process).</summary>
    private static List<Activity> Trace(List<Activity> spans)
    {
        lock (spans)
            return spans.Where(s => s.TraceId.ToHexString() == CallerTraceId).DistinctBy(s => s.SpanId).ToList();
    }

    [Fact]
    public async Task A_chart_request_and_its_metrics_fetch_form_one_trace_across_both_functions()
    {
        var spans = new List<Activity>();
        await using var metricsApp = await StartTraced(spans, []);
        await using var metricsServer = await FunctionsHttpServer.StartAsync(metricsApp);
        await using var chartApp = await StartTraced(spans, new()
        {
            ["MetricsService:BaseUrl"] = new Uri(metricsServer.BaseUrl, "/api").ToString(),
        });
        await using var chartServer = await FunctionsHttpServer.StartAsync(chartApp);

        Assert.Equal(200, await Get(chartServer, "/api/chart?app=test-app&width=640&height=320", TraceParent));

        // Spans end when their work ends; the exporter gets them at once, but give the server's last span a moment.
        var trace = await Eventually(() => Trace(spans), t => t.Count(s => s.OperationName == "Invoke") == 2);
        var chartInvoke = Assert.Single(trace, s => s.OperationName == "Invoke" && (string?)s.GetTagItem("faas.name") == "ChartFunction");
        var fetch = Assert.Single(trace, s => s.OperationName == "metrics fetch");
        var call = Assert.Single(trace, s => s.Kind == ActivityKind.Client);
        var render = Assert.Single(trace, s => s.OperationName == "chart render");
        var metricsInvoke = Assert.Single(trace, s => s.OperationName == "Invoke" && (string?)s.GetTagItem("faas.name") == "MetricsFunction");

        Assert.Equal(CallerSpanId, chartInvoke.ParentSpanId.ToHexString()); // the host's request span is the parent
        Assert.Equal(chartInvoke.SpanId, fetch.ParentSpanId);
        Assert.Equal(fetch.SpanId, call.ParentSpanId);
        Assert.Equal(call.SpanId, metricsInvoke.ParentSpanId);               // the metrics side continues the trace
        Assert.Equal(chartInvoke.SpanId, render.ParentSpanId);
        Assert.Equal("ok", fetch.GetTagItem("fetch.outcome"));
        Assert.Equal("bar", render.GetTagItem("chart.kind"));
        Assert.Equal("png", render.GetTagItem("chart.format"));
        Assert.Equal("640x320", render.GetTagItem("chart.size"));
        Assert.Equal("miss", render.GetTagItem("chart.cache.result"));
    }

    [Fact]
    public async Task The_chart_sends_the_callers_trace_id_to_a_real_upstream_and_each_retry_is_a_span()
    {
        var spans = new List<Activity>();
        await using var upstream = await Upstream.StartAsync();
        await using var app = await StartTraced(spans, new()
        {
            ["MetricsService:BaseUrl"] = upstream.Url("flaky"),
            ["MetricsService:Retries"] = "1",
            ["MetricsService:RetryDelayMilliseconds"] = "10",
        });
        await using var server = await FunctionsHttpServer.StartAsync(app);

        Assert.Equal(200, await Get(server, "/api/chart?app=test-app", TraceParent));

        // Two attempts (a 500, then the sample), both carrying the caller's trace id: W3C propagation by HttpClient.
        var sent = upstream.TraceParents.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.All(sent, header => Assert.Matches($"^00-{CallerTraceId}-[0-9a-f]{{16}}-01$", header));
        var trace = await Eventually(() => Trace(spans), t => t.Any(s => s.OperationName == "Invoke"));
        var fetch = Assert.Single(trace, s => s.OperationName == "metrics fetch");
        var attempts = trace.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(fetch.SpanId, a.ParentSpanId));
        // Each attempt's span is the parent the upstream was told about.
        Assert.Equal(attempts.Select(a => a.SpanId.ToHexString()).Order(), sent.Select(h => h.Split('-')[2]).Order());
    }

    [Fact]
    public async Task Without_a_traceparent_the_invocation_starts_a_new_trace_and_still_propagates_it()
    {
        var spans = new List<Activity>();
        await using var upstream = await Upstream.StartAsync();
        await using var app = await StartTraced(spans, new() { ["MetricsService:BaseUrl"] = upstream.Url("seed") });
        await using var server = await FunctionsHttpServer.StartAsync(app);

        Assert.Equal(200, await Get(server, "/api/chart?app=test-app&width=700"));

        var header = Assert.Single(upstream.TraceParents);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", header);
        Assert.DoesNotContain(CallerTraceId, header);
    }

    internal static async Task<T> Eventually<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = read();
        }
        return value;
    }
}

/// <summary>Tests that read process-wide telemetry (activity listeners, meters, Prometheus) run one at a time.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class Telemetry
{
    public const string Collection = "Telemetry";
}
