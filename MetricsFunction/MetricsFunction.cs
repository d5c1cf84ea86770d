using System.Text.Json;
using FunctionsMonitor.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// <c>GET /api/metrics</c> (the default app) and <c>GET /api/metrics/{app}</c>: the current sample as
/// indented JSON. 400 for a malformed app name, 404 for an app not in the catalogue.
/// </summary>
public sealed class MetricsFunction(Catalogue catalogue, MetricsSimulator simulator)
{
    [Function(nameof(MetricsFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "metrics/{app?}")] HttpRequestData request)
    {
        if (!catalogue.Find(request.RouteValue("app")).TryGet(out var entry, out var problem))
            return request.ProblemAsync(problem);

        var json = JsonSerializer.SerializeToUtf8Bytes(simulator.Current(entry), MetricsJsonContext.Default.MetricsSample);
        // A sample changes with every bucket: never let a cache answer for the service.
        return request.JsonAsync(json, "no-store");
    }
}
