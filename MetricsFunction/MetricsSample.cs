using System.Text.Json.Serialization;

namespace FunctionsMonitor.Metrics;

/// <summary>
/// The sample the metrics service serves and the chart draws. Field names are the Go seed's
/// (<c>performance_index</c>, <c>app_name</c>, camelCase inside the index); <c>maxLatency</c> and
/// <c>timestamp</c> are ours and optional on the wire, because the seed never sends them.
/// </summary>
public sealed record MetricsSample
{
    [JsonPropertyName("performance_index")]
    public required PerformanceIndex PerformanceIndex { get; init; }

    [JsonPropertyName("host")]
    public required string Host { get; init; }

    [JsonPropertyName("app_name")]
    public required string AppName { get; init; }

    [JsonPropertyName("domain")]
    public required string Domain { get; init; }

    /// <summary>Start of the time bucket the sample belongs to; absent in the Go seed's samples.</summary>
    [JsonPropertyName("timestamp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? Timestamp { get; init; }
}

public sealed record PerformanceIndex
{
    [JsonPropertyName("failRatio")]
    public required double FailRatio { get; init; }

    [JsonPropertyName("failAmount")]
    public required long FailAmount { get; init; }

    [JsonPropertyName("accessAmount")]
    public required long AccessAmount { get; init; }

    [JsonPropertyName("maxConcurrent")]
    public required long MaxConcurrent { get; init; }

    [JsonPropertyName("minLatency")]
    public required long MinLatency { get; init; }

    [JsonPropertyName("avgLatency")]
    public required long AvgLatency { get; init; }

    /// <summary>Named in the seed's API description but never sent by it.</summary>
    [JsonPropertyName("maxLatency")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MaxLatency { get; init; }
}

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
