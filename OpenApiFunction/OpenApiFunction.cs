using FunctionsMonitor.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.OpenApiFunction;

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3.1 description of every route, kept in the repository
/// (<c>OpenApiFunction/openapi.json</c>) and embedded in the assembly, so what is served is what is reviewed.</summary>
public sealed class OpenApiFunction
{
    private static readonly byte[] Document = Load();

    [Function(nameof(OpenApiFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "openapi.json")] HttpRequestData request) =>
        request.JsonAsync(Document, "no-cache");

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream("FunctionsMonitor.OpenApiFunction.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
