using System.Net;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// <c>GET /api/chart?app=&amp;kind=bar|history&amp;seconds=&amp;format=png|svg&amp;width=&amp;height=</c>: an app's
/// samples drawn as a chart. 400 for a bad parameter value; the sample source's 404/502/504 pass through as
/// problems; 503 + Retry-After when the render queue is full; 304 when the client already has this chart.
/// </summary>
public sealed class ChartFunction(ISampleSource samples, ChartImages images, Catalogue catalogue)
{
    /// <summary>An SVG opened on its own is a document of our origin: it may show its own styles and nothing else, run
    /// no script and be framed by nobody.</summary>
    public const string SvgPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

    [Function(nameof(ChartFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = "chart")] HttpRequestData request,
        CancellationToken cancellation)
    {
        if (!ChartRequest.Parse(request.Query, catalogue.DefaultApp).TryGet(out var chart, out var problem)
            || !(await samples.GetAsync(chart, cancellation)).TryGet(out var fetched, out problem)
            || !(await images.GetAsync(chart, fetched, cancellation)).TryGet(out var image, out problem))
            return await request.ProblemAsync(problem, retryAfterSeconds: problem.Status == 503 ? 1 : null);

        // no-cache + ETag: a refresh always asks again; for the same chart it gets 304, for a new sample a new chart.
        var notModified = request.Headers.TryGetValues("If-None-Match", out var tags)
            && tags.Any(t => t.Trim() == "*" || t.Contains(image.ETag, StringComparison.Ordinal));
        var response = notModified
            ? request.CreateResponse(HttpStatusCode.NotModified)
            : await request.BytesAsync(image.Bytes, chart.ContentType, "no-cache");
        if (notModified)
            response.Headers.Add("Cache-Control", "no-cache");
        if (chart.Format == ChartFormat.Svg)
            response.Headers.Add("Content-Security-Policy", SvgPolicy);
        response.Headers.Add("ETag", image.ETag);
        response.Headers.Add("X-Served-By", Environment.MachineName);
        if (HeaderValue(fetched[^1].Host) is { } host)
            response.Headers.Add("X-Metrics-Host", host);
        return response;
    }

    /// <summary>The metrics host as a header, when it is one a header can carry as it is: printable ASCII, as host and pod
    /// names are. Anything else (line breaks, NUL, other scripts) is left out rather than mangled or answered with a 500.</summary>
    private static string? HeaderValue(string host) =>
        host.Length is > 0 and <= HttpSampleSource.MaxTextLength && host.All(c => c is > ' ' and < '\u007f') ? host : null;
}
