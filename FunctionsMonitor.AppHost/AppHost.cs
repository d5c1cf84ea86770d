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
        // The host's tracing mode, which goes with an OTLP endpoint (docs/observability.md).
        .WithEnvironment("AzureFunctionsJobHost__telemetryMode", "OpenTelemetry")
        .WithHttpHealthCheck("/api/healthz", endpointName: "http");
    for (var i = 0; i < functions.Length; i++)
        side.WithEnvironment($"AzureFunctionsJobHost__functions__{i}", functions[i]);
    return side;
}

/// <summary>Which functions each side runs: <c>metrics.functions</c> and <c>chart.functions</c> of
/// charts/functions-monitor/values.yaml (a test checks that each side answers only its own routes).</summary>
internal static class Functions
{
    public static readonly string[] Metrics = ["MetricsFunction", "MetricsHistoryFunction", "HealthFunction"];

    public static readonly string[] Chart = ["ChartFunction", "DashboardFunction", "OpenApiFunction", "HealthFunction"];
}

