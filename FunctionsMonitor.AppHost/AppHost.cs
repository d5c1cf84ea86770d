using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// Both sides of the app on one machine, as the two Kubernetes Deployments split them, with the Aspire dashboard: each
// side is `func start` (from PATH, as the README runs the app) with its Deployment's function filter, exporting its
// traces, metrics and logs to the dashboard. For local use only: the dashboard listens on loopback without a login
// (Properties/launchSettings.json).
var builder = DistributedApplication.CreateBuilder(args);

// The function app's folder: the repository root above this project, unless `AppFolder` names another (the tests run
// the AppHost over a fresh copy of the repository, so that its build never meets the test run's own).
var app = Path.GetFullPath(builder.Configuration["AppFolder"] is { Length: > 0 } folder
    ? folder
    : Path.Combine(builder.AppHostDirectory, ".."));

// The metrics side builds the app (`func start` runs `dotnet build --output bin/output`); the chart side waits for it and
// serves that same build without building again, so that two builds never write one folder.
var metrics = Side("functions-monitor-metrics", app, ["start"], Functions.Metrics, port: 7072, prometheusPort: 9465);
var chart = Side("functions-monitor-chart", Path.Combine(app, "bin", "output"), ["start", "--no-build"], Functions.Chart,
        port: 7071, prometheusPort: 9464)
    // As the chart Deployment reaches the metrics Service by its DNS name.
    .WithEnvironment("MetricsService__BaseUrl", ReferenceExpression.Create($"{metrics.GetEndpoint("http")}/api"))
    .WaitFor(metrics);

builder.Build().Run();

IResourceBuilder<ExecutableResource> Side(string name, string workingDirectory, string[] command, string[] functions, int port,
    int prometheusPort)
{
    var side = builder.AddExecutable(name, "func", workingDirectory, command)
        .WithHttpEndpoint(port: port, name: "http");
    var http = side.GetEndpoint("http");
    side.WithArgs(context =>
        {
            // func start takes its port from the command line; the dashboard's proxy listens on `port`.
            context.Args.Add("--port");
            context.Args.Add(http.Property(EndpointProperty.TargetPort));
        })
        // The worker's Prometheus scrape endpoint, a port of its own per side as in a pod.
        .WithHttpEndpoint(port: prometheusPort, name: "prometheus", env: "Observability__PrometheusPort")
        .WithOtlpExporter()
        // Aspire gives `always_on`, which records even a request whose caller said "not sampled"; the SDK's default
        // follows the caller, and traces every request that comes without a trace context (the probe below relies on it).
        .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_always_on")
        // The host's tracing mode, which goes with an OTLP endpoint (docs/observability.md).
        .WithEnvironment("AzureFunctionsJobHost__telemetryMode", "OpenTelemetry");
    // The dashboard's probe of the side's readiness route, as a kubelet probes a pod, but marked "not sampled" so that
    // the host, which traces every request it serves, leaves it out of the traces page (Aspire's own HTTP check would
    // add a probe trace every 30 s).
    builder.Services.AddHealthChecks().AddCheck($"{name}-healthz", new UntracedProbe(http, "/api/healthz"));
    side.WithHealthCheck($"{name}-healthz");
    for (var i = 0; i < functions.Length; i++)
        side.WithEnvironment($"AzureFunctionsJobHost__functions__{i}", functions[i]);
    return side;
}

/// <summary>
/// A GET of one route of a side that says "healthy" on a 2xx. It sends a W3C trace context whose flags say "not
/// sampled", and only that one: the host's tracing follows a caller's sampling decision, so the probe makes no span in
/// the host nor in its worker. Its user agent names it, so that the tests can tell its requests from their own.
/// </summary>
internal sealed class UntracedProbe(EndpointReference endpoint, string path) : IHealthCheck
{
    public const string UserAgent = "FunctionsMonitor.AppHost-probe";

    // No propagator: the handler adds no trace context of the AppHost's own beside the probe's.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ActivityHeadersPropagator = null })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
            return HealthCheckResult.Unhealthy("the side has no address yet");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(endpoint.Url), path));
        request.Headers.TryAddWithoutValidation("traceparent",
            $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{path} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{path} did not answer: {e.Message}");
        }
    }
}

/// <summary>Which functions each side runs: <c>metrics.functions</c> and <c>chart.functions</c> of
/// charts/functions-monitor/values.yaml (a test checks that each side answers only its own routes).</summary>
internal static class Functions
{
    public static readonly string[] Metrics = ["MetricsFunction", "MetricsHistoryFunction", "HealthFunction"];

    public static readonly string[] Chart = ["ChartFunction", "DashboardFunction", "OpenApiFunction", "HealthFunction"];
}

