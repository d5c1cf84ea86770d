using System.Collections.Concurrent;
using System.Globalization;
using FunctionsMonitor.Testing.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// An OTLP/HTTP receiver on loopback: what a collector's <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>
/// would get from the apps (http/protobuf), decoded with Protocol Buffers and kept for the tests to read.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _web;

    private OtlpReceiver(WebApplication web, Uri endpoint) => (_web, Endpoint) = (web, endpoint);

    /// <summary>The base URL to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    public ConcurrentQueue<ExportedSpan> Spans { get; } = new();

    /// <summary>Metric names by the service that exported them.</summary>
    public ConcurrentQueue<(string Service, string Metric, string Unit)> Metrics { get; } = new();

    /// <summary>Log bodies by service, with their trace id (empty when none).</summary>
    public ConcurrentQueue<(string Service, string Body, string TraceId)> Logs { get; } = new();

    /// <summary>Each request as "signal content-type".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The settings that send a host's and its worker's telemetry here, exported at once: the endpoint and the
    /// host's tracing mode, which go together (docs/observability.md).</summary>
    public IReadOnlyDictionary<string, string?> Settings(string serviceName) => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["AzureFunctionsJobHost__telemetryMode"] = "OpenTelemetry",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var web = Loopback.WebApplication();
        OtlpReceiver? self = null;
        web.MapPost("/v1/{signal}", async (string signal, HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            self!.Requests.Enqueue($"{signal} {http.Request.ContentType}");
            self.Receive(signal, body.ToArray());
            http.Response.ContentType = "application/x-protobuf";
            return Results.Ok();
        });
        await web.StartAsync();
        self = new OtlpReceiver(web, new Uri(web.Urls.First() + "/"));
        return self;
    }

    private void Receive(string signal, byte[] body)
    {
        switch (signal)
        {
            case "traces":
                foreach (var resource in ExportTraceServiceRequest.Parser.ParseFrom(body).ResourceSpans)
                    foreach (var scope in resource.ScopeSpans)
                        foreach (var span in scope.Spans)
                            Spans.Enqueue(new ExportedSpan(Service(resource.Resource), scope.Scope?.Name ?? "", Hex(span.TraceId),
                                Hex(span.SpanId), Hex(span.ParentSpanId), span.Name, span.Kind,
                                span.Attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.First().Value)),
                                span.Status?.Code ?? 0));
                break;
            case "metrics":
                foreach (var resource in ExportMetricsServiceRequest.Parser.ParseFrom(body).ResourceMetrics)
                    foreach (var scope in resource.ScopeMetrics)
                        foreach (var metric in scope.Metrics)
                            Metrics.Enqueue((Service(resource.Resource), metric.Name, metric.Unit));
                break;
            case "logs":
                foreach (var resource in ExportLogsServiceRequest.Parser.ParseFrom(body).ResourceLogs)
                    foreach (var scope in resource.ScopeLogs)
                        foreach (var log in scope.LogRecords)
                            Logs.Enqueue((Service(resource.Resource), Text(log.Body), Hex(log.TraceId)));
                break;
        }
    }

    /// <summary>The spans of one trace, each once.</summary>
    public IReadOnlyList<ExportedSpan> Trace(string traceId) =>
        Spans.Where(s => s.TraceId == traceId).DistinctBy(s => s.SpanId).ToList();

    private static string Service(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? Text(name.Value) : "";

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => "",
    };

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();
}
