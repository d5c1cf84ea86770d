using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor;

/// <summary>
/// An RFC 9457 problem: every expected failure (bad input, unknown app, a down upstream, overload)
/// is answered with one of these, a title and a detail that say what to change.
/// </summary>
public sealed record Problem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail)
{
    public const string ContentType = "application/problem+json";

    public static Problem Of(HttpStatusCode status, string title, string detail) =>
        new($"https://httpstatuses.io/{(int)status}", title, (int)status, detail);

    public static Problem BadRequest(string title, string detail) => Of(HttpStatusCode.BadRequest, title, detail);

    public static Problem NotFound(string title, string detail) => Of(HttpStatusCode.NotFound, title, detail);
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Problem))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext
{
    /// <summary>Quotes and apostrophes as themselves: a problem is read by people, and is never embedded in HTML.</summary>
    public static ProblemJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

public static class HttpResponses
{
    /// <summary>A problem response; <paramref name="retryAfterSeconds"/> adds <c>Retry-After</c> (503).</summary>
    public static async Task<HttpResponseData> ProblemAsync(
        this HttpRequestData request, Problem problem, int? retryAfterSeconds = null)
    {
        var response = request.CreateResponse((HttpStatusCode)problem.Status);
        response.Headers.Add("Content-Type", Problem.ContentType);
        response.Headers.Add("Cache-Control", "no-store");
        if (retryAfterSeconds is { } seconds)
            response.Headers.Add("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(problem, ProblemJsonContext.Readable.Problem));
        return response;
    }

    /// <summary>Every JSON answer's media type: exactly <c>application/json</c>. RFC 8259 §11 registers it with no
    /// <c>charset</c> parameter, the seed's API description declares exactly this, and contract-testing tools
    /// (Dredd) compare the header as a string.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>A 200 JSON response (<see cref="JsonContentType"/>).</summary>
    public static Task<HttpResponseData> JsonAsync(this HttpRequestData request, ReadOnlyMemory<byte> json, string cacheControl) =>
        request.BytesAsync(json, JsonContentType, cacheControl);

    /// <summary>A 200 response with the given body bytes and content type.</summary>
    public static async Task<HttpResponseData> BytesAsync(
        this HttpRequestData request, ReadOnlyMemory<byte> body, string contentType, string cacheControl = "no-cache")
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", contentType);
        response.Headers.Add("Cache-Control", cacheControl);
        await response.Body.WriteAsync(body);
        return response;
    }
}
