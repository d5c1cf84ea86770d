using System.Text.Json.Serialization;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// Source-generated JSON for the metrics slice. Indented like the seed; <c>required</c> members and
/// nullable annotations are enforced on reading, so a body that is not the sample's shape fails to
/// deserialize instead of turning into zeros.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MetricsSample))]
[JsonSerializable(typeof(MetricsSample[]))]
public sealed partial class MetricsJsonContext : JsonSerializerContext;
