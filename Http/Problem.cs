using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Http;

/// <summary>
/// An RFC 9457 problem: every expected failure (bad input, unknown app, a down upstream, overload)
/// is answered with one of these, a title and a detail that say what to change. The <c>type</c> is <c>about:blank</c>
/// (RFC 9457 §4.2.1): the status says what kind of problem it is, and no page of ours or anyone's is promised.
/// </summary>
public sealed record Problem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string Detail)
{
    public const string ContentType = "application/problem+json";

    /// <summary>The problem type that adds nothing to the status code.</summary>
    public const string BlankType = "about:blank";

    public static Problem Of(HttpStatusCode status, string title, string detail) =>
        new(BlankType, title, (int)status, detail);

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
