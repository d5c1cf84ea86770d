using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsMonitor.Metrics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Dashboard;

/// <summary>
/// <c>GET /api/dashboard?refresh=N</c>: one self-contained HTML page (no CDN, no font host) showing each catalogued
/// app's bar and history charts, refreshed every N seconds (1–300, default 5) while the tab is visible.
/// It uses relative URLs, so it works under <c>func start</c> and behind the ingress alike.
/// </summary>
public sealed class DashboardFunction(Catalogue catalogue)
{
    public const int DefaultRefreshSeconds = 5, HistorySeconds = 60;

    private static readonly string Page = LoadPage();

    [Function(nameof(DashboardFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequestData request)
    {
        if (QueryValue.WholeNumber(request.Query["refresh"], DefaultRefreshSeconds, 1, 300) is not { } refresh)
            return request.ProblemAsync(Problem.BadRequest("Invalid query parameter 'refresh'",
                $"refresh must be a whole number of seconds from 1 to 300; got '{request.Query["refresh"]}'."));

        var config = new DashboardConfig(
            catalogue.Apps.Select(a => new DashboardApp(a.Name, a.Domain)).ToArray(), refresh, HistorySeconds);
        // The default encoder escapes <, > and &, so configured text cannot close the script element.
        var html = Page.Replace("{{CONFIG}}", JsonSerializer.Serialize(config, DashboardJsonContext.Default.DashboardConfig), StringComparison.Ordinal);
        return request.BytesAsync(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", "no-cache");
    }

    private static string LoadPage()
    {
        using var stream = typeof(DashboardFunction).Assembly.GetManifestResourceStream("FunctionsMonitor.DashboardFunction.dashboard.html")
            ?? throw new InvalidOperationException("dashboard.html is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record DashboardApp([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("domain")] string Domain);

public sealed record DashboardConfig(
    [property: JsonPropertyName("apps")] DashboardApp[] Apps,
    [property: JsonPropertyName("refreshSeconds")] int RefreshSeconds,
    [property: JsonPropertyName("historySeconds")] int HistorySeconds);

[JsonSerializable(typeof(DashboardConfig))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
