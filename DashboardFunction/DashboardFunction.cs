using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.DashboardFunction;

/// <summary>
/// <c>GET /api/dashboard?refresh=N</c>: one self-contained HTML page (no CDN, no font host) showing each catalogued
/// app's bar and history charts, refreshed every N seconds (1–300, default 5) while the tab is visible.
/// It uses relative URLs, so it works under <c>func start</c> and behind the ingress alike.
/// </summary>
public sealed class DashboardFunction(Catalogue catalogue)
{
    public const int DefaultRefreshSeconds = 5, HistorySeconds = 60;

    private static readonly string Page = LoadPage();

    /// <summary>The page's policy: its own inline script and style (by their SHA-256, so no other script can run), charts
    /// fetched from this origin and shown as blobs, and no framing. The config is a JSON data block, which is not run.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src '{Hash(Page, "<script>", "</script>")}'; style-src '{Hash(Page, "<style>", "</style>")}'; " +
        "img-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function(nameof(DashboardFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "dashboard")] HttpRequestData request)
    {
        if (QueryValue.WholeNumber(request.Query["refresh"], DefaultRefreshSeconds, 1, 300) is not { } refresh)
            return request.ProblemAsync(Problem.BadRequest("Invalid query parameter 'refresh'",
                $"refresh must be a whole number of seconds from 1 to 300; got '{request.Query["refresh"]}'."));

        var config = new DashboardConfig(
            catalogue.Apps.Select(a => new DashboardApp(a.Name, a.Domain)).ToArray(), refresh, HistorySeconds);
        // The default encoder escapes <, > and &, so configured text cannot close the script element.
        var html = Page.Replace("{{CONFIG}}", JsonSerializer.Serialize(config, DashboardJsonContext.Default.DashboardConfig), StringComparison.Ordinal);
        return HtmlAsync(request, Encoding.UTF8.GetBytes(html));
    }

    private static async Task<HttpResponseData> HtmlAsync(HttpRequestData request, byte[] html)
    {
        var response = await request.BytesAsync(html, "text/html; charset=utf-8", "no-cache");
        response.Headers.Add("Content-Security-Policy", ContentSecurityPolicy);
        response.Headers.Add("X-Frame-Options", "DENY");
        response.Headers.Add("Referrer-Policy", "no-referrer");
        return response;
    }

    /// <summary>The CSP source of the one element between <paramref name="open"/> and <paramref name="close"/>.</summary>
    private static string Hash(string page, string open, string close)
    {
        var start = page.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var text = page[start..page.IndexOf(close, start, StringComparison.Ordinal)];
        return "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string LoadPage()
    {
        using var stream = typeof(DashboardFunction).Assembly.GetManifestResourceStream("FunctionsMonitor.DashboardFunction.dashboard.html")
            ?? throw new InvalidOperationException("dashboard.html is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
