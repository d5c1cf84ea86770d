using System.Net;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FunctionsMonitor.Observability;

public static class ObservabilityRegistration
{
    /// <summary>Names of the OpenTelemetry settings read here; the SDK reads the rest of <c>OTEL_*</c> itself.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT", PodName = "POD_NAME";

    /// <summary>A slice's instruments (<typeparamref name="T"/>), one instance, made with the metrics pipeline: a slice
    /// that records nothing on this host (the chart's on the metrics Deployment) still shows its observed counters at
    /// zero from the first scrape.</summary>
    public static IServiceCollection AddInstruments<T>(this IServiceCollection services) where T : class
    {
        services.AddMetrics();
        services.TryAddSingleton<T>();
        services.ConfigureOpenTelemetryMeterProvider((provider, _) => provider.GetRequiredService<T>());
        return services;
    }

    /// <summary>
    /// Telemetry around the slices, one pipeline: the app's, HttpClient's and the runtime's instruments feed one
    /// OpenTelemetry MeterProvider, read by the Prometheus scrape endpoint on its own port and, when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, by OTLP export; traces through the Worker SDK's OpenTelemetry
    /// integration (the worker continues the host's trace) and HttpClient's instrumentation. Nothing is exported, and no
    /// span is recorded, without an endpoint: spans then only carry the trace context onwards (the chart's call to the
    /// metrics service still has one trace id, the worker's).
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder app)
    {
        var services = app.Services;
        var configuration = app.Configuration;
        services.AddInstruments<InvocationInstruments>();
        services.AddSingleton<IInvocationObserver>(p => p.GetRequiredService<InvocationInstruments>());
        services.AddSettings<ObservabilityOptions>(ObservabilityOptions.Section);

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        var startup = new StartupLog();
        var port = ScrapePort(configuration, startup);
        services.AddHostedService(provider => startup.Forwarder(provider.GetRequiredService<ILogger<StartupLog>>()));
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .ConfigureResource(resource => resource.AddAttributes(
            [
                // The pod's name from the downward API (POD_NAME), else the machine's: which replica said what.
                new("k8s.pod.name", configuration[PodName] is { Length: > 0 } pod ? pod : Environment.MachineName),
                new("service.instance.id", Environment.MachineName),
            ])
                // The standard variables again, last, so that they win: where OTEL_RESOURCE_ATTRIBUTES names the
                // instance (as the AppHost does for the host and the worker alike), both are one instance.
                .AddEnvironmentVariableDetector())
            .WithTracing(tracing =>
            {
                tracing.AddSource(Instruments.MeterName)
                    // Not the worker's own gRPC channel to the host: a span per host message would be noise in every backend.
                    .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !IsHostChannel(request.RequestUri));
                if (!otlp)
                    tracing.SetSampler(new AlwaysOffSampler());
            });
        if (otlp || port > 0)
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(Instruments.MeterName, "System.Net.Http", "System.Runtime");
                if (port > 0)
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Port = port;
                        // Every scrape answers what is counted at that moment; the exporter would otherwise answer from
                        // a copy up to 300 ms old.
                        listener.ScrapeResponseCacheDurationMilliseconds = 0;
                        // On every interface, as a pod is scraped by its IP; the exporter's own host setting takes a name only.
                        listener.ConfigureHttpListener = (options, http) =>
                        {
                            http.Prefixes.Clear();
                            http.Prefixes.Add($"http://+:{options.Port}/metrics/");
                        };
                    });
            });
        if (otlp)
            telemetry.UseOtlpExporter();

        return app;
    }

    /// <summary>The scrape port, when it can listen there. A port taken (two hosts on one machine, say) is said once,
    /// on the worker's console where the host shows it, and the functions serve without the endpoint: the exporter
    /// would otherwise fail the worker's start.</summary>
    private static int ScrapePort(IConfiguration configuration, StartupLog startup)
    {
        var text = configuration[$"{ObservabilityOptions.Section}:{nameof(ObservabilityOptions.PrometheusPort)}"];
        if (!int.TryParse(text ?? ObservabilityOptions.DefaultPrometheusPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
            return 0; // off, or a bad value the settings check reports
        try
        {
            using var probe = new HttpListener();
            probe.Prefixes.Add($"http://+:{port}/metrics/");
            probe.Start();
        }
        catch (HttpListenerException e)
        {
            startup.Error($"The Prometheus scrape endpoint cannot listen on port {port} ({e.Message}); the functions keep " +
                "serving without it. Set Observability__PrometheusPort to a free port, or to 0 to turn it off.");
            return 0;
        }
        startup.Info($"Prometheus metrics at http://*:{port}/metrics (Observability__PrometheusPort).");
        return port;
    }

    /// <summary>The worker's gRPC stream to the Functions host: <c>/AzureFunctionsRpcMessages.FunctionRpc/EventStream</c>.</summary>
    public static bool IsHostChannel(Uri? uri) =>
        uri?.AbsolutePath.StartsWith("/AzureFunctionsRpcMessages.", StringComparison.Ordinal) == true;
}
