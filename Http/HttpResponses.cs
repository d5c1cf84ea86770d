using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Http;

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
    /// <c>charset</c> parameter, the Go seed's API description declares exactly this, and a client that compares the
    /// header as a string then matches it.</summary>
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
