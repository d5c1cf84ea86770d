using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Tests;

/// <summary>The Prometheus scrape endpoint, scraped by a real Prometheus, and OTLP export to a real HTTP endpoint.
/// Meters and listeners are process-wide: these tests run one at a time.</summary>
[Collection(Telemetry.Collection)]
public sealed partial class MetricsExportTests
{
    private static string Invocations(string function, int status) =>
        $$"""functionsmonitor_faas_invocations{faas_name="{{function}}",http_response_status_code="{{status}}"}""";

    private static Dictionary<string, string?> Scraped(int port) => new()
    {
        ["Observability:PrometheusPort"] = port.ToString(CultureInfo.InvariantCulture),
        ["MetricsService:BaseUrl"] = Upstream.NotListening(),
        ["MetricsService:Retries"] = "0",
    };

    [Fact]
    public async Task A_real_Prometheus_counts_exactly_the_invocations_made_by_function_and_status()
    {
        var port = Tool.FreeLoopbackPort();
        await using var app = await TestApp.StartAsync(Scraped(port));
        await using var server = await FunctionsHttpServer.StartAsync(app);
        await using var prometheus = await PrometheusServer.StartAsync(port);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        foreach (var (path, status, times) in new[]
        {
            ("/api/metrics", 200, 3), ("/api/metrics/nope", 404, 2), ("/api/chart?width=5", 400, 1),
            ("/api/chart?app=test-app", 502, 2), ("/api/chart?app=functions-monitor", 200, 1),
        })
            for (var i = 0; i < times; i++)
                Assert.Equal(status, (int)(await http.GetAsync(path)).StatusCode);

        Assert.Equal(3, await prometheus.WaitForAsync(Invocations("MetricsFunction", 200), 3));
        Assert.Equal(2, await prometheus.WaitForAsync(Invocations("MetricsFunction", 404), 2));
        Assert.Equal(1, await prometheus.WaitForAsync(Invocations("ChartFunction", 400), 1));
        Assert.Equal(2, await prometheus.WaitForAsync(Invocations("ChartFunction", 502), 2));
        Assert.Equal(1, await prometheus.WaitForAsync(Invocations("ChartFunction", 200), 1));
        Assert.Equal(9, await prometheus.WaitForAsync("sum(functionsmonitor_faas_invoke_duration_count)", 9));
        Assert.Equal(0, await prometheus.WaitForAsync("sum(functionsmonitor_faas_active_invocations)", 0));
        Assert.Equal(2, await prometheus.WaitForAsync("""functionsmonitor_metrics_service_fetches{fetch_outcome="bad_gateway"}""", 2));
        Assert.Equal(1, await prometheus.WaitForAsync("sum(functionsmonitor_chart_renders)", 1));
        Assert.Equal(0, await prometheus.WaitForAsync("functionsmonitor_chart_render_queue", 0));
        // What the runtime measures, not measured again: the refused calls to the metrics service.
        Assert.Equal(2, await prometheus.WaitForAsync("sum(system_net_http_http_client_request_duration_count)", 2));
    }

    [Fact]
    public async Task Every_series_a_scrape_shows_is_documented_and_every_documented_series_of_the_app_is_scraped()
    {
        var port = Tool.FreeLoopbackPort();
        // One render at a time and none waiting, so that a burst of new charts is partly refused (503).
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(Scraped(port))
        {
            ["Chart:MaxConcurrentRenders"] = "1",
            ["Chart:MaxQueuedRenders"] = "0",
        });
        await using var server = await FunctionsHttpServer.StartAsync(app);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        foreach (var path in new[] { "/api/metrics", "/api/chart?app=test-app", "/api/chart?app=functions-monitor", "/api/chart?app=functions-monitor" })
            await http.GetAsync(path);
        // Large new charts (slow to draw) at once; how many overlap depends on the machine, so burst again (each
        // with sizes not drawn before) until one is refused, at most ten times.
        var refused = false;
        for (var round = 0; round < 10 && !refused; round++)
        {
            var burst = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                http.GetAsync($"/api/chart?app=functions-monitor&width={2048 - round * 16 - i}&height=1024")));
            refused = burst.Any(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        }
        Assert.True(refused, "ten bursts of 16 new charts with one render slot and no queue: none was refused (503)");

        var scraped = SeriesName().Matches(await http.GetStringAsync($"http://127.0.0.1:{port}/metrics"))
            .Select(m => m.Groups[1].Value).ToHashSet();
        var documented = DocumentedSeries().Matches(Markdown.Read("docs/observability.md")).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Empty(scraped.Except(documented));
        Assert.Empty(documented.Where(s => s.StartsWith("functionsmonitor_", StringComparison.Ordinal)
            || s.StartsWith("system_net_http_http_client_request_duration", StringComparison.Ordinal)).Except(scraped));
    }

    [Fact]
    public async Task The_KEDA_prometheus_triggers_query_reads_series_a_real_scrape_of_the_app_shows()
    {
        var trigger = Kustomize.Parse(Kustomize.Build(Kustomize.CurrentKubectl, Variant.Prometheus))
            .Single(o => o.Kind == "ScaledObject" && o.Name == "functions-monitor-chart").Json["spec"]!["triggers"]![0]!;
        var query = trigger["metadata"]!["query"]!.GetValue<string>();
        var port = Tool.FreeLoopbackPort();
        await using var app = await TestApp.StartAsync(Scraped(port));
        await using var server = await FunctionsHttpServer.StartAsync(app);
        await using var prometheus = await PrometheusServer.StartAsync(port);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/chart?app=functions-monitor")).StatusCode);

        // Each series the query names is in a scrape, with the labels it matches on ...
        var scrape = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        foreach (Match selector in QuerySelector().Matches(query))
            Assert.Matches("(?m)^" + selector.Groups[1].Value + @"\{[^}]*" + Regex.Escape(selector.Groups[2].Value), scrape);
        // ... and the query itself gives KEDA a number from a real Prometheus: no chart is in flight now.
        Assert.Equal(0, await prometheus.WaitForAsync(query, 0));
    }

    /// <summary>A series selector in PromQL: name{matchers}.</summary>
    [GeneratedRegex(@"([a-z_][a-z0-9_]*)\{([^}]*)\}")]
    private static partial Regex QuerySelector();

    [Fact]
    public async Task A_busy_scrape_port_is_one_clear_error_and_the_functions_keep_serving()
    {
        using var busy = new TcpListener(IPAddress.Any, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var logs = new ConcurrentQueue<(LogLevel Level, string Message)>();

        await using var app = await TestApp.StartAsync(Scraped(port),
            s => s.AddLogging(l => l.AddProvider(new CapturingLogs(logs))));
        await using var server = await FunctionsHttpServer.StartAsync(app);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/metrics")).StatusCode);
        var error = Assert.Single(logs, l => l.Level >= LogLevel.Error);
        Assert.Contains($"port {port}", error.Message);
        Assert.Contains("Observability__PrometheusPort", error.Message);
    }

    [Theory]
    [InlineData("http/protobuf")]
    public async Task With_an_OTLP_endpoint_traces_and_metrics_arrive_there(string protocol)
    {
        var arrived = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            arrived.Enqueue($"{signal} {http.Request.ContentType}");
            return Results.Ok();
        });
        await collector.StartAsync();

        await using (var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        }))
        {
            await using var server = await FunctionsHttpServer.StartAsync(app);
            Assert.Equal(200, await TracingTests.Get(server, "/api/metrics"));
            await TracingTests.Eventually(() => arrived.ToArray(), a => a.Any(x => x.StartsWith("traces")) && a.Any(x => x.StartsWith("metrics")));
        }

        Assert.Contains("traces application/x-protobuf", arrived);
        Assert.Contains("metrics application/x-protobuf", arrived);
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_exporter_is_registered()
    {
        var registered = new List<ServiceDescriptor>();
        await using var app = await TestApp.StartAsync(configure: s => registered.AddRange(s));

        var otlp = typeof(OpenTelemetry.Exporter.OtlpExporterOptions).Assembly;
        Assert.DoesNotContain(registered, d => d.ServiceType.Assembly == otlp
            || d.ImplementationType?.Assembly == otlp || d.ImplementationInstance?.GetType().Assembly == otlp);
    }

    /// <summary>A metric family name on a sample line of the text format (histograms as their _bucket/_count/_sum).</summary>
    [GeneratedRegex(@"^([a-z_][a-z0-9_]*)(?:\{| )", RegexOptions.Multiline)]
    private static partial Regex SeriesName();

    /// <summary>A series in the docs' table: a table row whose first cell is the name in backticks.</summary>
    [GeneratedRegex(@"^\| `([a-z_][a-z0-9_]*)`", RegexOptions.Multiline)]
    private static partial Regex DocumentedSeries();

    private sealed class CapturingLogs(ConcurrentQueue<(LogLevel, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
