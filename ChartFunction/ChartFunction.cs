using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// <c>GET /api/chart?app=&amp;format=png|svg&amp;width=&amp;height=</c>: the current sample of an app drawn as a
/// bar chart. 400 for a bad parameter value; the metrics source's 404/502/504 pass through as problems.
/// </summary>
public sealed class ChartFunction(IMetricsSource metrics, ChartRenderer renderer, MetricsSimulator catalogue)
{
    [Function(nameof(ChartFunction))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "chart")] HttpRequestData request,
        CancellationToken cancellation)
    {
        var (chart, invalid) = ChartRequest.Parse(request.Query, catalogue.DefaultApp);
        if (invalid is not null)
            return await request.ProblemAsync(invalid);

        var fetched = await metrics.GetAsync(chart!.App, cancellation);
        if (fetched.Problem is { } problem)
            return await request.ProblemAsync(problem);

        var image = renderer.Render(fetched.Sample!, chart.Format, chart.Width, chart.Height);
        // no-cache: a browser refresh always asks again, and gets the chart of the current second.
        var response = await request.BytesAsync(image, chart.ContentType, "no-cache");
        response.Headers.Add("X-Served-By", Environment.MachineName);
        return response;
    }
}
