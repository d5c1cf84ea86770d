using System.Text.Json.Serialization;

namespace FunctionsMonitor.DashboardFunction;

public sealed record DashboardConfig(
    [property: JsonPropertyName("apps")] DashboardApp[] Apps,
    [property: JsonPropertyName("refreshSeconds")] int RefreshSeconds,
    [property: JsonPropertyName("historySeconds")] int HistorySeconds);

[JsonSerializable(typeof(DashboardConfig))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
