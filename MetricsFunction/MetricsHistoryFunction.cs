using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// <c>GET /api/metrics/{app}/history?seconds=N</c>: the samples of the last N seconds' buckets, oldest first.
/// 400 for a malformed name or a bad <c>seconds</c>, 404 for an unknown app.
/// </summary>
public sealed class MetricsHistoryFunction(MetricsSimulator simulator)
{
    public const int DefaultSeconds = 60, MaxSeconds = 600;

    [Function(nameof(MetricsHistoryFunction))]
    public Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics/{app}/history")] HttpRequestData request,
        string app)
    {
        if (AppName.Check(app) is { } malformed)
            return request.ProblemAsync(Problem.BadRequest("Malformed app name", $"{malformed}. An app name is {AppName.Rule}."));
        if (ParseSeconds(request.Query["seconds"]) is not { } seconds)
            return request.ProblemAsync(Problem.BadRequest("Invalid query parameter 'seconds'",
                $"seconds must be a whole number from 1 to {MaxSeconds}; got '{request.Query["seconds"]}'."));
        if (simulator.History(app, seconds) is not { } history)
            return request.ProblemAsync(MetricsFunction.UnknownApp(app, simulator));

        var json = JsonSerializer.SerializeToUtf8Bytes(history, MetricsJsonContext.Default.MetricsSampleArray);
        return request.JsonAsync(json, "no-store");
    }

    /// <summary>The history window in seconds, or null when the text is not a whole number in range.</summary>
    public static int? ParseSeconds(string? text) => QueryValue.WholeNumber(text, DefaultSeconds, 1, MaxSeconds);
}
