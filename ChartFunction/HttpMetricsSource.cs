using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// Fetches samples from a metrics service (ours or the Go seed) through a typed <see cref="HttpClient"/>
/// whose resilience pipeline bounds the time. Every failure becomes a problem, never an exception:
/// the upstream's 404 → 404; refused, 5xx, wrong shape → 502; too slow → 504.
/// </summary>
public sealed partial class HttpMetricsSource(
    HttpClient http, IOptions<MetricsServiceOptions> options, TimeProvider time, MonitorMetrics metrics, ILogger<HttpMetricsSource> log)
    : IMetricsSource
{
    public async ValueTask<SamplesResult> GetAsync(string app, CancellationToken cancellation)
    {
        var fetched = await FetchAsync($"metrics/{Uri.EscapeDataString(app)}", app, MetricsJsonContext.Default.MetricsSample, false, cancellation);
        return fetched.Problem ?? (SamplesResult)Stamp(fetched.Body!, time.GetUtcNow());
    }

    public async ValueTask<SamplesResult> GetHistoryAsync(string app, int seconds, CancellationToken cancellation)
    {
        var fetched = await FetchAsync($"metrics/{Uri.EscapeDataString(app)}/history?seconds={seconds}", app,
            MetricsJsonContext.Default.MetricsSampleArray, true, cancellation);
        if (fetched.Problem is { } problem)
            return problem;
        if (fetched.Body!.Length == 0)
            return BadGateway($"The metrics service at {http.BaseAddress} returned an empty history for '{app}'.");
        var now = time.GetUtcNow();
        return fetched.Body.Select(s => Stamp(s, now)).ToArray();
    }

    /// <summary>The Go seed sends no timestamp: such a sample is as old as our fetch.</summary>
    private static MetricsSample Stamp(MetricsSample sample, DateTimeOffset fetched) =>
        sample.Timestamp is null ? sample with { Timestamp = fetched } : sample;

    /// <summary>One fetch, retries included, as one span (each attempt is a child span of HttpClient's own) and one
    /// count by outcome.</summary>
    private async Task<(T? Body, Problem? Problem)> FetchAsync<T>(
        string relative, string app, JsonTypeInfo<T> type, bool history, CancellationToken cancellation) where T : class
    {
        var kind = history ? "history" : "current";
        var url = new Uri(http.BaseAddress!, relative);
        using var span = MonitorMetrics.Traces.StartActivity("metrics fetch", ActivityKind.Internal);
        span?.SetTag("fetch.kind", kind);
        span?.SetTag("url.full", url.ToString());
        var (body, problem, outcome) = await TryFetchAsync(url, app, type, history, cancellation);
        span?.SetTag("fetch.outcome", outcome);
        if (problem is { Status: >= 500 })
            span?.SetStatus(ActivityStatusCode.Error, problem.Detail);
        metrics.Fetched(kind, outcome);
        return (body, problem);
    }

    private async Task<(T? Body, Problem? Problem, string Outcome)> TryFetchAsync<T>(
        Uri url, string app, JsonTypeInfo<T> type, bool history, CancellationToken cancellation) where T : class
    {
        try
        {
            using var response = await http.GetAsync(url, cancellation);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                var problem = NotFound(response, url, app, history);
                return (null, problem, problem.Status == 404 ? "not_found" : "bad_gateway");
            }
            if (!response.IsSuccessStatusCode)
                return (null, BadGateway($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}."), "bad_gateway");

            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            return JsonSerializer.Deserialize(body, type) is { } value
                ? (value, null, "ok")
                : (null, BadGateway($"GET {url} answered 'null' instead of metrics."), "bad_gateway");
        }
        catch (JsonException e)
        {
            LogFailure(log, url, e.Message);
            return (null, BadGateway($"GET {url} answered a body that is not {(history ? "a list of metrics samples" : "a metrics sample")}: {e.Message}"), "bad_gateway");
        }
        catch (Exception e) when (e is TimeoutRejectedException
            || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            LogFailure(log, url, e.Message);
            return (null, Problem.Of(HttpStatusCode.GatewayTimeout, "Metrics service too slow",
                $"GET {url} did not answer within MetricsService__TimeoutSeconds = {options.Value.TimeoutSeconds} s " +
                $"({options.Value.Retries + 1} attempts). Check that the service is up, or raise the timeout."), "timeout");
        }
        catch (BrokenCircuitException e)
        {
            LogFailure(log, url, e.Message);
            return (null, BadGateway($"Calls to {http.BaseAddress} are paused after repeated failures (circuit open); retry in a few seconds."), "circuit_open");
        }
        catch (HttpRequestException e)
        {
            LogFailure(log, url, e.Message);
            return (null, BadGateway($"GET {url} failed: {e.Message}. Check MetricsService__BaseUrl and that the metrics service is running."), "bad_gateway");
        }
    }

    /// <summary>Our service answers an unknown app with a problem body; any other 404 (the Go seed's plain
    /// "404 page not found" for a route it lacks, such as history) means the service cannot serve the request.</summary>
    private Problem NotFound(HttpResponseMessage response, Uri url, string app, bool history)
    {
        var isProblem = response.Content.Headers.ContentType?.MediaType == Problem.ContentType;
        if (history && !isProblem)
            return BadGateway($"The metrics service at {http.BaseAddress} has no history endpoint (GET {url} answered 404). " +
                "The Go seed serves only current samples: use kind=bar, or point MetricsService__BaseUrl at FunctionsMonitor's metrics service.");
        return Problem.NotFound("Unknown app", $"The metrics service at {http.BaseAddress} has no app named '{app}' (GET {url} answered 404).");
    }

    private static Problem BadGateway(string detail) =>
        Problem.Of(HttpStatusCode.BadGateway, "Metrics service failed", detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics fetch from {Url} failed: {Reason}")]
    private static partial void LogFailure(ILogger logger, Uri url, string reason);
}
