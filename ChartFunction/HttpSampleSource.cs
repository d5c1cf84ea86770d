using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FunctionsMonitor.Metrics;
using FunctionsMonitor.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FunctionsMonitor.Charts;

/// <summary>
/// Fetches samples from a metrics service (ours or the Go seed) through a typed <see cref="HttpClient"/>
/// whose resilience pipeline bounds the time. Every failure becomes a problem, never an exception:
/// the upstream's 404 → 404; refused, 5xx, wrong shape → 502; too slow → 504.
/// </summary>
public sealed partial class HttpSampleSource(
    HttpClient http, IOptions<MetricsServiceOptions> options, TimeProvider time, Instruments instruments, ILogger<HttpSampleSource> log)
    : ISampleSource
{
    public async ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation)
    {
        var app = Uri.EscapeDataString(chart.App);
        if (chart.Kind != ChartKind.History)
        {
            var current = await FetchAsync($"metrics/{app}", chart.App, MetricsJsonContext.Default.MetricsSample, false, cancellation);
            return current.TryGet(out var sample, out var problem)
                ? Result<IReadOnlyList<MetricsSample>>.Ok([Stamp(sample, time.GetUtcNow())])
                : Result<IReadOnlyList<MetricsSample>>.Fail(problem);
        }
        var history = await FetchAsync($"metrics/{app}/history?seconds={chart.Seconds}", chart.App,
            MetricsJsonContext.Default.MetricsSampleArray, true, cancellation);
        if (!history.TryGet(out var samples, out var failed))
            return Result<IReadOnlyList<MetricsSample>>.Fail(failed);
        if (samples.Length == 0)
            return Result<IReadOnlyList<MetricsSample>>.Fail(BadGateway($"The metrics service at {http.BaseAddress} returned an empty history for '{chart.App}'."));
        var now = time.GetUtcNow();
        return Result<IReadOnlyList<MetricsSample>>.Ok(samples.Select(s => Stamp(s, now)).ToArray());
    }

    /// <summary>The Go seed sends no timestamp: such a sample is as old as our fetch.</summary>
    private static MetricsSample Stamp(MetricsSample sample, DateTimeOffset fetched) =>
        sample.Timestamp is null ? sample with { Timestamp = fetched } : sample;

    /// <summary>One fetch, retries included, as one span (each attempt is a child span of HttpClient's own), one count by
    /// outcome, and one log line when it fails.</summary>
    private async Task<Result<T>> FetchAsync<T>(string relative, string app, JsonTypeInfo<T> type, bool history, CancellationToken cancellation)
        where T : class
    {
        var kind = history ? "history" : "current";
        var url = new Uri(http.BaseAddress!, relative);
        using var span = Instruments.Traces.StartActivity("metrics fetch", ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("fetch.kind", kind);
            span.SetTag("url.full", url.ToString());
        }
        var (result, outcome, reason) = await TryFetchAsync(url, app, type, history, cancellation);
        instruments.Fetched(kind, outcome);
        if (!result.TryGet(out _, out var problem))
        {
            if (problem.Status >= 500)
            {
                span?.SetStatus(ActivityStatusCode.Error, problem.Detail);
                LogFailure(log, url, problem.Status, reason ?? problem.Detail, Activity.Current?.TraceId.ToString() ?? "");
            }
        }
        span?.SetTag("fetch.outcome", outcome);
        return result;
    }

    private async Task<(Result<T> Result, string Outcome, string? Reason)> TryFetchAsync<T>(
        Uri url, string app, JsonTypeInfo<T> type, bool history, CancellationToken cancellation) where T : class
    {
        try
        {
            using var response = await http.GetAsync(url, cancellation);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                var problem = NotFound(response, url, app, history);
                return (Result<T>.Fail(problem), problem.Status == 404 ? "not_found" : "bad_gateway", "answered 404");
            }
            if (!response.IsSuccessStatusCode)
                return (Result<T>.Fail(BadGateway($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.")), "bad_gateway",
                    $"answered {(int)response.StatusCode}");

            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            return JsonSerializer.Deserialize(body, type) is { } value
                ? (Result<T>.Ok(value), "ok", null)
                : (Result<T>.Fail(BadGateway($"GET {url} answered 'null' instead of metrics.")), "bad_gateway", "answered null");
        }
        catch (JsonException e)
        {
            return (Result<T>.Fail(BadGateway($"GET {url} answered a body that is not {(history ? "a list of metrics samples" : "a metrics sample")}: {e.Message}")),
                "bad_gateway", e.Message);
        }
        catch (Exception e) when (e is TimeoutRejectedException
            || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return (Result<T>.Fail(Problem.Of(HttpStatusCode.GatewayTimeout, "Metrics service too slow",
                $"GET {url} did not answer within MetricsService__TimeoutSeconds = {options.Value.TimeoutSeconds} s " +
                $"({options.Value.Retries + 1} attempts). Check that the service is up, or raise the timeout.")), "timeout", e.Message);
        }
        catch (BrokenCircuitException e)
        {
            return (Result<T>.Fail(BadGateway($"Calls to {http.BaseAddress} are paused after repeated failures (circuit open); retry in a few seconds.")),
                "circuit_open", e.Message);
        }
        catch (HttpRequestException e)
        {
            return (Result<T>.Fail(BadGateway($"GET {url} failed: {e.Message}. Check MetricsService__BaseUrl and that the metrics service is running.")),
                "bad_gateway", e.Message);
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

    /// <summary>One line per failed fetch, with the trace id that ties it to the request's spans and to the 5xx the
    /// caller got.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics fetch GET {Url} failed ({Status} to the caller): {Reason} [trace {TraceId}]")]
    private static partial void LogFailure(ILogger logger, Uri url, int status, string reason, string traceId);
}
