using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsMonitor.Health;
using FunctionsMonitor.Hosting;
using FunctionsMonitor.Http;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.HealthFunction;

/// <summary>
/// <c>GET /api/healthz</c>, the readiness probe: answering proves the host reaches the worker and the worker runs
/// invocations; 200 comes once every slice this host runs is ready (<see cref="Readiness"/>), 503 before, so that a pod
/// takes traffic when its first answers are fast.
/// </summary>
public sealed class HealthFunction(Readiness readiness)
{
    [Function(nameof(HealthFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "healthz")] HttpRequestData request)
    {
        if (!readiness.IsReady)
            return await request.ProblemAsync(Problem.Of(HttpStatusCode.ServiceUnavailable, "Warming up", readiness.Pending()),
                retryAfterSeconds: 1);
        var health = new Health("ok", Environment.MachineName, readiness.Report());
        return await request.JsonAsync(JsonSerializer.SerializeToUtf8Bytes(health, HealthJsonContext.Default.Health), "no-store");
    }
}

public sealed record Health(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, string> Checks);

[JsonSerializable(typeof(Health))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
