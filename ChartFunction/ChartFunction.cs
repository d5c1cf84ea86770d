using System.Net;
using FunctionsMonitor.Metrics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Charts;

/// <summary>
/// <c>GET /api/chart?app=&amp;kind=bar|history&amp;seconds=&amp;format=png|svg&amp;width=&amp;height=</c>: an app's
/// samples drawn as a chart. 400 for a bad parameter value; the sample source's 404/502/504 pass through as
/// problems; 503 + Retry-After when the render queue is full; 304 when the client already has this bucket's chart.
/// </summary>
public sealed class ChartFunction(ISampleSource samples, ChartImages images, Catalogue catalogue)
{
    [Function(nameof(ChartFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chart")] HttpRequestData request,
        CancellationToken cancellation)
    {
        if (!ChartRequest.Parse(request.Query, catalogue.DefaultApp).TryGet(out var chart, out var problem)
            || !(await samples.GetAsync(chart, cancellation)).TryGet(out var fetched, out problem))
            return await request.ProblemAsync(problem);

        if (await images.GetAsync(chart, fetched, cancellation) is not { } image)
            return await request.ProblemAsync(Problem.Of(HttpStatusCode.ServiceUnavailable, "Too many charts at once",
                "This instance is rendering as many charts as it can and its queue is full; retry after the Retry-After seconds."), retryAfterSeconds: 1);

        // no-cache + ETag: a refresh always asks again; within the same bucket it gets 304, in a new one a new chart.
        var notModified = request.Headers.TryGetValues("If-None-Match", out var tags) && tags.Any(t => t.Contains(image.ETag, StringComparison.Ordinal));
        var response = notModified
            ? request.CreateResponse(HttpStatusCode.NotModified)
            : await request.BytesAsync(image.Bytes, chart.ContentType, "no-cache");
        if (notModified)
            response.Headers.Add("Cache-Control", "no-cache");
        response.Headers.Add("ETag", image.ETag);
        response.Headers.Add("X-Served-By", Environment.MachineName);
        response.Headers.Add("X-Metrics-Host", fetched[^1].Host);
        return response;
    }
}
