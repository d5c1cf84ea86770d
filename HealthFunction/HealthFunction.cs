using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsMonitor.ChartFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.HealthFunction;

/// <summary>
/// <c>GET /api/healthz</c>, the readiness probe: answering proves the host reaches the worker and the worker
/// runs invocations; the body names the chart font, which was loaded (and a chart drawn) before start finished.
/// </summary>
public sealed class HealthFunction(ChartFont font)
{
    [Function(nameof(HealthFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequestData request)
    {
        var health = new Health("ok", Environment.MachineName, font.Family, font.GlyphCount);
        return await request.BytesAsync(
            JsonSerializer.SerializeToUtf8Bytes(health, HealthJsonContext.Default.Health), "application/json; charset=utf-8", "no-store");
    }
}

public sealed record Health(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("font")] string Font,
    [property: JsonPropertyName("fontGlyphs")] int FontGlyphs);

[JsonSerializable(typeof(Health))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
