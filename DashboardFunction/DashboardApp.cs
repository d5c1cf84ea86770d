using System.Text.Json.Serialization;

namespace FunctionsMonitor.DashboardFunction;

public sealed record DashboardApp([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("domain")] string Domain);
