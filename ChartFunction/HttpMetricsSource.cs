using System.Net;
using System.Text.Json;
using FunctionsMonitor.MetricsFunction;
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
    HttpClient http, IOptions<MetricsServiceOptions> options, TimeProvider time, ILogger<HttpMetricsSource> log)
    : IMetricsSource
{
    public string Description => $"the metrics service at {http.BaseAddress}";

    public async ValueTask<SampleResult> GetAsync(string app, CancellationToken cancellation)
    {
        var relative = $"metrics/{Uri.EscapeDataString(app)}";
        var url = new Uri(http.BaseAddress!, relative);
        try
        {
            using var response = await http.GetAsync(relative, cancellation);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return Problem.NotFound("Unknown app", $"The metrics service at {http.BaseAddress} has no app named '{app}' (GET {url} answered 404).");
            if (!response.IsSuccessStatusCode)
                return BadGateway($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");

            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            var sample = JsonSerializer.Deserialize(body, MetricsJsonContext.Default.MetricsSample);
            if (sample is null)
                return BadGateway($"GET {url} answered 'null' instead of a metrics sample.");
            // The Go seed sends no timestamp: the sample is as old as our fetch.
            return sample.Timestamp is null ? sample with { Timestamp = time.GetUtcNow() } : sample;
        }
        catch (JsonException e)
        {
            LogFailure(log, url, e.Message);
            return BadGateway($"GET {url} answered a body that is not a metrics sample: {e.Message}");
        }
        catch (Exception e) when (e is TimeoutRejectedException
            || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            LogFailure(log, url, e.Message);
            return Problem.Of(HttpStatusCode.GatewayTimeout, "Metrics service too slow",
                $"GET {url} did not answer within MetricsService:TimeoutSeconds = {options.Value.TimeoutSeconds} s " +
                $"({options.Value.Retries + 1} attempts). Check that the service is up, or raise the timeout.");
        }
        catch (BrokenCircuitException e)
        {
            LogFailure(log, url, e.Message);
            return BadGateway($"Calls to {http.BaseAddress} are paused after repeated failures (circuit open); retry in a few seconds.");
        }
        catch (HttpRequestException e)
        {
            LogFailure(log, url, e.Message);
            return BadGateway($"GET {url} failed: {e.Message}. Check MetricsService:BaseUrl and that the metrics service is running.");
        }
    }

    private static Problem BadGateway(string detail) =>
        Problem.Of(HttpStatusCode.BadGateway, "Metrics service failed", detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics fetch from {Url} failed: {Reason}")]
    private static partial void LogFailure(ILogger logger, Uri url, string reason);
}
