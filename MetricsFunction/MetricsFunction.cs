using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// <c>GET /api/metrics</c> (the default app) and <c>GET /api/metrics/{app}</c>: the current sample as
/// indented JSON. 400 for a malformed app name, 404 for an app not in the catalogue.
/// </summary>
public sealed class MetricsFunction(MetricsSimulator simulator)
{
    [Function(nameof(MetricsFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics/{app?}")] HttpRequestData request,
        string? app)
    {
        app ??= simulator.DefaultApp;
        if (AppName.Check(app) is { } malformed)
            return request.ProblemAsync(Problem.BadRequest("Malformed app name", $"{malformed}. An app name is {AppName.Rule}."));
        if (simulator.Current(app) is not { } sample)
            return request.ProblemAsync(UnknownApp(app, simulator));

        var json = JsonSerializer.SerializeToUtf8Bytes(sample, MetricsJsonContext.Default.MetricsSample);
        // A sample changes with every bucket: never let a cache answer for the service.
        return request.JsonAsync(json, "no-store");
    }

    internal static Problem UnknownApp(string app, MetricsSimulator simulator) =>
        Problem.NotFound("Unknown app",
            $"No app named '{app}' is in the catalogue. Known apps: {string.Join(", ", simulator.Apps.Select(a => a.Name))}.");
}
