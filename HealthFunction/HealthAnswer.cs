using System.Text.Json.Serialization;

namespace FunctionsMonitor.HealthFunction;

/// <summary>The readiness probe's 200: each readiness check by name, with what it reports for people.</summary>
public sealed record HealthAnswer(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, string> Checks);

[JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
