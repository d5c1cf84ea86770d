using System.Net;
using System.Text.Json;
using FunctionsMonitor.Health;
using FunctionsMonitor.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsMonitor.HealthFunction;

/// <summary>
/// <c>GET /api/healthz</c>, the readiness probe: answering proves the host reaches the worker and the worker runs
/// invocations; 200 comes once every readiness check of the slices this host runs is healthy
/// (<see cref="HealthTags.Ready"/>), 503 before, so that a pod takes traffic when its first answers are fast.
/// </summary>
public sealed class HealthFunction(HealthCheckService health)
{
    [Function(nameof(HealthFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "healthz")] HttpRequestData request)
    {
        var report = await health.CheckReadinessAsync(request.FunctionContext.CancellationToken);
        if (report.Status != HealthStatus.Healthy)
            return await request.ProblemAsync(Problem.Of(HttpStatusCode.ServiceUnavailable, "Warming up",
                string.Join(" ", report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description))),
                retryAfterSeconds: 1);
        var answer = new HealthAnswer("ok", Environment.MachineName,
            report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? "", StringComparer.Ordinal));
        return await request.JsonAsync(JsonSerializer.SerializeToUtf8Bytes(answer, HealthJsonContext.Default.HealthAnswer), "no-store");
    }
}
