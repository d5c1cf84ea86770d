using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsMonitor.ChartFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.HealthFunction;

/// <summary>
/// <c>GET /api/healthz</c>, the readiness probe: answering proves the host reaches the worker and the worker
/// runs invocations; 200 names the loaded chart font, and comes only once every kind of chart has been drawn
/// (503 before), so a pod takes traffic when its charts are fast.
/// </summary>
public sealed class HealthFunction(ChartFont font, ChartRenderer renderer)
{
    [Function(nameof(HealthFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequestData request)
    {
        if (!renderer.IsWarm)
            return await request.ProblemAsync(Problem.Of(System.Net.HttpStatusCode.ServiceUnavailable, "Warming up",
                "The worker is drawing its first charts; it is ready in a moment."), retryAfterSeconds: 1);
        var health = new Health("ok", Environment.MachineName, font.Family, font.GlyphCount);
        return await request.JsonAsync(
            JsonSerializer.SerializeToUtf8Bytes(health, HealthJsonContext.Default.Health), "no-store");
    }
}

public sealed record Health(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("font")] string Font,
    [property: JsonPropertyName("fontGlyphs")] int FontGlyphs);

[JsonSerializable(typeof(Health))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
