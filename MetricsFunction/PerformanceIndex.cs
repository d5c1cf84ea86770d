using System.Text.Json.Serialization;

namespace FunctionsMonitor.MetricsFunction;

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
