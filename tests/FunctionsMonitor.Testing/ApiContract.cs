namespace FunctionsMonitor.Testing;

/// <summary>The functions of the API (docs/api.md), as the worker's metadata, the build's <c>functions.metadata</c>, the
/// published folder and Core Tools must each list them.</summary>
public static class ApiContract
{
    /// <summary>The API: function name → (route, methods, auth level). "all": the trigger names no method, so the host
    /// maps the route for every one ("[all]" in its log) and the worker answers all but GET and HEAD with a 405
    /// (RequestEdgeTests), instead of the host's empty 404.</summary>
    public static readonly IReadOnlyDictionary<string, (string Route, string Method, string Auth)> Functions =
        new Dictionary<string, (string, string, string)>
        {
            ["MetricsFunction"] = ("metrics/{app?}", "all", "Anonymous"),
            ["MetricsHistoryFunction"] = ("metrics/{app}/history", "all", "Anonymous"),
            ["ChartFunction"] = ("chart", "all", "Anonymous"),
            ["DashboardFunction"] = ("dashboard", "all", "Anonymous"),
            ["OpenApiFunction"] = ("openapi.json", "all", "Anonymous"),
            ["HealthFunction"] = ("healthz", "all", "Anonymous"),
        };
}
