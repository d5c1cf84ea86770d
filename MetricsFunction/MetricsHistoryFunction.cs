using System.Text.Json;
using FunctionsMonitor.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// <c>GET /api/metrics/{app}/history?seconds=N</c>: the samples of the last N seconds' buckets, oldest first.
/// 400 for a malformed name or a bad <c>seconds</c>, 404 for an unknown app.
/// </summary>
public sealed class MetricsHistoryFunction(Catalogue catalogue, MetricsSimulator simulator)
{
    [Function(nameof(MetricsHistoryFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "metrics/{app}/history")] HttpRequestData request)
    {
        if (!catalogue.Find(request.RouteValue("app") ?? "").TryGet(out var entry, out var problem)
            || !Catalogue.HistorySeconds(request.Query["seconds"]).TryGet(out var seconds, out problem))
            return request.ProblemAsync(problem);

        var json = JsonSerializer.SerializeToUtf8Bytes(simulator.History(entry, seconds), MetricsJsonContext.Default.MetricsSampleArray);
        return request.JsonAsync(json, "no-store");
    }
}
