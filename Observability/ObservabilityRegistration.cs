using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FunctionsMonitor.Observability;

public static class ObservabilityRegistration
{
    /// <summary>Names of the OpenTelemetry settings read here; the SDK reads the rest of <c>OTEL_*</c> itself.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT", PodName = "POD_NAME";

    /// <summary>The app's instruments, on a meter from <see cref="Microsoft.Extensions.Diagnostics.Metrics"/>'s
    /// IMeterFactory; the slices that measure something call this too.</summary>
    public static IServiceCollection AddMonitorMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<MonitorMetrics>();
        return services;
    }

    /// <summary>
    /// Telemetry around the slices: the invocation middleware; traces through the Worker SDK's OpenTelemetry
    /// integration (the worker continues the host's trace) and <c>HttpClient</c> instrumentation (the chart's call to
    /// the metrics service carries W3C trace context); metrics from this app's meter and the runtime's; OTLP export only
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the Prometheus scrape endpoint on its own port.
    /// </summary>
    public static FunctionsApplicationBuilder AddObservability(this FunctionsApplicationBuilder app)
    {
        var services = app.Services;
        var configuration = app.Configuration;
        services.AddMonitorMetrics();
        services.AddCheckedOptions<ObservabilityOptions>(ObservabilityOptions.Section);
        services.AddSingleton<PrometheusEndpoint>();
        services.AddHostedService(p => p.GetRequiredService<PrometheusEndpoint>());

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .ConfigureResource(resource => resource.AddAttributes(
            [
                // The pod's name from the downward API (POD_NAME), else the machine's: which replica said what.
                new("k8s.pod.name", configuration[PodName] is { Length: > 0 } pod ? pod : Environment.MachineName),
                new("service.instance.id", Environment.MachineName),
            ]))
            .WithTracing(tracing => tracing
                .AddSource(MonitorMetrics.MeterName)
                // Not the worker's own gRPC channel to the host: a span per host message would be noise in every backend.
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !IsHostChannel(request.RequestUri)));
        // Nothing is exported unless asked for: without an endpoint no OTLP exporter exists and nothing connects, and
        // no OpenTelemetry metrics pipeline listens either (the Prometheus endpoint has its own listener).
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]))
            telemetry
                .WithMetrics(metrics => metrics.AddMeter(MonitorMetrics.MeterName, "System.Net.Http", "System.Runtime"))
                .UseOtlpExporter();

        app.UseMiddleware<InvocationTelemetry>();
        return app;
    }

    /// <summary>The worker's gRPC stream to the Functions host: <c>/AzureFunctionsRpcMessages.FunctionRpc/EventStream</c>.</summary>
    public static bool IsHostChannel(Uri? uri) =>
        uri?.AbsolutePath.StartsWith("/AzureFunctionsRpcMessages.", StringComparison.Ordinal) == true;
}
