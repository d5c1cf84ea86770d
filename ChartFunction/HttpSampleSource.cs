using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FunctionsMonitor.Http;
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
/// the upstream's 404 → 404; refused, 5xx, a redirect, wrong shape, strings too long → 502; too slow, headers or body
/// → 504. The caller is told what it can act on; the URL and the client's own message go to the log.
/// </summary>
public sealed partial class HttpSampleSource(
    HttpClient http, IOptions<MetricsServiceOptions> options, TimeProvider time, ChartInstruments instruments, ILogger<HttpSampleSource> log)
    : ISampleSource
{
    public async ValueTask<Result<IReadOnlyList<MetricsSample>>> GetAsync(ChartRequest chart, CancellationToken cancellation)
    {
        var app = Uri.EscapeDataString(chart.App);
        if (chart.Kind != ChartKind.History)
        {
            var current = await FetchAsync($"metrics/{app}", chart.App, MetricsJsonContext.Default.MetricsSample, ChartKind.Bar, cancellation);
            return current.TryGet(out var sample, out var problem)
                ? Result<IReadOnlyList<MetricsSample>>.Ok([Stamp(sample, time.GetUtcNow())])
                : Result<IReadOnlyList<MetricsSample>>.Fail(problem);
        }
        var history = await FetchAsync($"metrics/{app}/history?seconds={chart.Seconds}", chart.App,
            MetricsJsonContext.Default.MetricsSampleArray, ChartKind.History, cancellation);
        if (!history.TryGet(out var samples, out var failed))
            return Result<IReadOnlyList<MetricsSample>>.Fail(failed);
        if (samples.Length == 0)
            return Result<IReadOnlyList<MetricsSample>>.Fail(BadGateway($"The metrics service returned an empty history for '{chart.App}'."));
        var now = time.GetUtcNow();
        return Result<IReadOnlyList<MetricsSample>>.Ok(samples.Select(s => Stamp(s, now)).ToArray());
    }

    /// <summary>The Go seed sends no timestamp: such a sample is as old as our fetch, to the second, as the chart shows it
    /// (so that the same sample within a second is the same chart, with the same ETag).</summary>
    private static MetricsSample Stamp(MetricsSample sample, DateTimeOffset fetched) =>
        sample.Timestamp is null ? sample with { Timestamp = fetched.AddTicks(-(fetched.UtcTicks % TimeSpan.TicksPerSecond)) } : sample;

    /// <summary>One fetch, retries included, as one span (each attempt is a child span of HttpClient's own), one count by
    /// outcome, and one log line when it fails.</summary>
    private async Task<Result<T>> FetchAsync<T>(string relative, string app, JsonTypeInfo<T> type, ChartKind kind, CancellationToken cancellation)
        where T : class
    {
        var url = new Uri(http.BaseAddress!, relative);
        using var span = Instruments.Traces.StartActivity("metrics fetch", ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("fetch.kind", kind.FetchName());
            span.SetTag("url.full", url.ToString());
        }
        var (result, outcome, reason) = await TryFetchAsync(url, app, type, kind == ChartKind.History, cancellation);
        instruments.Fetched(kind, outcome);
        if (!result.TryGet(out _, out var problem))
        {
            if (problem.Status >= 500)
            {
                span?.SetStatus(ActivityStatusCode.Error, problem.Detail);
                LogFailure(log, url, problem.Status, reason ?? problem.Detail, Activity.Current?.TraceId.ToString() ?? "");
            }
        }
        span?.SetTag("fetch.outcome", outcome.Name());
        return result;
    }

    private async Task<(Result<T> Result, FetchOutcome Outcome, string? Reason)> TryFetchAsync<T>(
        Uri url, string app, JsonTypeInfo<T> type, bool history, CancellationToken cancellation) where T : class
    {
        // One budget for the whole fetch, the body included: the resilience pipeline's timeouts end when the headers
        // arrive, and the standard handler turns HttpClient.Timeout off, so a service that sends its headers and then
        // drips its body would otherwise hold the request for as long as it likes.
        using var budget = new CancellationTokenSource(options.Value.Total, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, budget.Token);
        try
        {
            // The body is read below, under its own bound, once the status and length say it is worth reading.
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                var problem = NotFound(response, app, history);
                return (Result<T>.Fail(problem), problem.Status == 404 ? FetchOutcome.NotFound : FetchOutcome.BadGateway, "answered 404");
            }
            if (!response.IsSuccessStatusCode)
                return Failed(Answered(response), $"answered {(int)response.StatusCode}");

            if (response.Content.Headers.ContentLength > MaxBodyBytes)
                return Failed($"The metrics service answered a body of {response.Content.Headers.ContentLength} bytes; a sample or a history " +
                    $"is at most {MaxBodyBytes / 1024 / 1024} MiB.", "body too large");
            byte[] body;
            try
            {
                await response.Content.LoadIntoBufferAsync(MaxBodyBytes, linked.Token);
                body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            }
            catch (HttpRequestException e)
            {
                // The headers came, so the service was reached: its body broke off, or ran past the limit without a length.
                return Failed($"The metrics service broke off its answer, or sent more than {MaxBodyBytes / 1024 / 1024} MiB without " +
                    "saying its length (a sample or a history is less).", e.Message);
            }
            if (JsonSerializer.Deserialize(body, type) is not { } value)
                return Failed("The metrics service answered 'null' instead of metrics.", "answered null");
            return SampleProblem(value) is { } malformed
                ? Failed($"The metrics service answered {(history ? "a list of samples" : "a sample")} this chart cannot draw: {malformed}", malformed)
                : (Result<T>.Ok(value), FetchOutcome.Ok, null);
        }
        catch (JsonException e)
        {
            return Failed($"The metrics service answered a body that is not {(history ? "a list of metrics samples" : "a metrics sample")}.", e.Message);
        }
        catch (Exception e) when (e is TimeoutRejectedException
            || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return (Result<T>.Fail(Problem.Of(HttpStatusCode.GatewayTimeout, "Metrics service too slow", TooSlow(options.Value))),
                FetchOutcome.Timeout, e.Message);
        }
        catch (BrokenCircuitException e)
        {
            return (Result<T>.Fail(BadGateway("Calls to the metrics service are paused after repeated failures (circuit open); retry in a few seconds.")),
                FetchOutcome.CircuitOpen, e.Message);
        }
        catch (HttpRequestException e)
        {
            return Failed("The metrics service could not be reached or broke off its answer. Check MetricsService__BaseUrl and that the service is running.",
                e.Message);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            // Whatever else an upstream makes the client throw is still the upstream's failure: a 502, never a 500.
            return Failed("The metrics service's answer could not be read.", $"{e.GetType().Name}: {e.Message}");
        }

        static (Result<T>, FetchOutcome, string?) Failed(string detail, string reason) => (Result<T>.Fail(BadGateway(detail)), FetchOutcome.BadGateway, reason);
    }

    /// <summary>The largest body read from the metrics service: a sample is a few hundred bytes and the longest history a
    /// few hundred KB.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The 504's detail: the timeout bounds the whole fetch and, with retries, is shared among the attempts, so
    /// a service slower than one attempt's share times out though it answers within the whole.</summary>
    private static string TooSlow(MetricsServiceOptions o)
    {
        var attempts = o.Retries == 0 ? "" : FormattableString.Invariant($", and gives each of its {o.Retries + 1} attempts {o.Attempt.TotalSeconds:0.0#} s");
        return FormattableString.Invariant($"The metrics service did not answer in time: MetricsService__TimeoutSeconds = {o.TimeoutSeconds} s ") +
            $"bounds the whole fetch, the body included{attempts}. Check that the service is up, or raise the timeout.";
    }

    /// <summary>What the caller is told of a status other than 2xx and 404. Redirects are not followed (the metrics
    /// service is a Service in the cluster, so a redirect is a misconfiguration, and following one would let it send
    /// the chart anywhere); a Retry-After past the fetch's budget is no reason to wait, so it is answered at once.</summary>
    private string Answered(HttpResponseMessage response)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        if ((int)response.StatusCode is >= 300 and < 400)
            return $"The metrics service answered {status}, a redirect, which is not followed. Point MetricsService__BaseUrl at the service itself.";
        if (RetryAfter(response, time.GetUtcNow()) is { } wait && wait > options.Value.Total)
            return $"The metrics service answered {status} and asked to be left alone for {Math.Ceiling(wait.TotalSeconds):0} s (Retry-After), " +
                   $"longer than MetricsService__TimeoutSeconds = {options.Value.TimeoutSeconds} s allows; retry later.";
        return $"The metrics service answered {status}.";
    }

    /// <summary>The wait a response asks for with Retry-After (seconds or a date), or null.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };

    /// <summary>The longest text a sample's string may hold: host and app names are far shorter, and a longer one only
    /// makes the chart slower to draw (a 100 KB host name took seconds and gave a 1.25 MB SVG).</summary>
    public const int MaxTextLength = 256;

    /// <summary>What makes a well-formed answer undrawable, or null: strings too long or with control characters, or a
    /// history longer than any window the chart asks for.</summary>
    private static string? SampleProblem<T>(T value) => value switch
    {
        MetricsSample sample => SampleProblem(sample),
        MetricsSample[] samples when samples.Length > Catalogue.MaxHistorySeconds =>
            $"{samples.Length} samples, more than the {Catalogue.MaxHistorySeconds} of the longest history.",
        MetricsSample[] samples => samples.Select(SampleProblem).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static string? SampleProblem(MetricsSample sample) =>
        TextProblem("host", sample.Host) ?? TextProblem("app_name", sample.AppName) ?? TextProblem("domain", sample.Domain);

    private static string? TextProblem(string field, string text) =>
        text.Length > MaxTextLength ? $"its {field} is {text.Length} characters long, more than {MaxTextLength}."
        : text.Any(char.IsControl) ? $"its {field} holds control characters."
        : null;

    /// <summary>Our service answers an unknown app with a problem body; any other 404 (the Go seed's plain
    /// "404 page not found" for a route it lacks, such as history) means the service cannot serve the request.</summary>
    private static Problem NotFound(HttpResponseMessage response, string app, bool history)
    {
        var isProblem = response.Content.Headers.ContentType?.MediaType == Problem.ContentType;
        if (history && !isProblem)
            return BadGateway("The metrics service has no history endpoint (it answered 404). " +
                "The Go seed serves only current samples: use kind=bar, or point MetricsService__BaseUrl at FunctionsMonitor's metrics service.");
        return Problem.NotFound("Unknown app", $"The metrics service has no app named '{app}'.");
    }

    private static Problem BadGateway(string detail) =>
        Problem.Of(HttpStatusCode.BadGateway, "Metrics service failed", detail);

    /// <summary>One line per failed fetch, with the trace id that ties it to the request's spans and to the 5xx the
    /// caller got.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics fetch GET {Url} failed ({Status} to the caller): {Reason} [trace {TraceId}]")]
    private static partial void LogFailure(ILogger logger, Uri url, int status, string reason, string traceId);
}
