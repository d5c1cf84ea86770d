using System.Text.Json.Serialization;

namespace FunctionsMonitor.MetricsFunction;

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
