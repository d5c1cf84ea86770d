using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace FunctionsMonitor.Observability;

/// <summary>
/// Serves <c>/metrics</c> in Prometheus' text format on its own port with prometheus-net's <see cref="MetricServer"/>,
/// from this app's meter and the runtime's (<c>System.Net.Http</c>, <c>System.Runtime</c>), in a registry of its own
/// (not prometheus-net's process-wide default). A port already in use is logged once, clearly, and the worker keeps
/// serving functions.
/// </summary>
internal sealed class PrometheusEndpoint(
    IOptions<ObservabilityOptions> options, MonitorMetrics metrics, IMeterFactory meters)
    : IHostedService, IDisposable
{
    private IDisposable? _adapter;
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var port = options.Value.PrometheusPort;
        if (port == 0)
            return Task.CompletedTask;

        var registry = Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            MetricFactory = Metrics.WithCustomRegistry(registry),
            // This app's instruments; System.Net.Http's of the clients IHttpClientFactory makes (this app's IMeterFactory
            // scope: the chart's calls to the metrics service, not the worker's gRPC channel to the host); System.Runtime.
            InstrumentFilterPredicate = i => (ReferenceEquals(i.Meter, metrics.Meter) && i.Name != MonitorMetrics.InvokeDurationName)
                || (i.Meter.Name == "System.Net.Http" && ReferenceEquals(i.Meter.Scope, meters))
                || (i.Meter.Name == "System.Runtime" && i.Meter.Scope is null),
            // A counter that stops changing must not vanish from the scrape: rate() over it would break.
            MetricsExpireAfter = TimeSpan.FromDays(1),
        });
        // The invocation duration, as the adapter would name and bucket it, from a histogram of prometheus-net's own
        // (MonitorMetrics.DurationObserved says why).
        var durations = Metrics.WithCustomRegistry(registry).CreateHistogram(
            "functionsmonitor_faas_invoke_duration", $"(s) {MonitorMetrics.InvokeDurationHelp}", new HistogramConfiguration
            {
                LabelNames = ["faas_name", "faas_trigger", "http_response_status_code"],
                Buckets = MeterAdapterOptions.DefaultHistogramBuckets,
            });
        var children = new ConcurrentDictionary<(string, int), Histogram.Child>();
        var server = new MetricServer("+", port, "metrics/", registry);
        try
        {
            server.Start();
            _server = server;
            metrics.DurationObserved = (function, status, seconds) => children.GetOrAdd((function, status), key =>
                durations.WithLabels(key.Item1, "http", key.Item2.ToString(CultureInfo.InvariantCulture))).Observe(seconds);
            StartupLog.Info($"Prometheus metrics at http://*:{port}/metrics (Observability__PrometheusPort).");
        }
        catch (HttpListenerException e)
        {
            server.Dispose();
            _adapter.Dispose();
            _adapter = null;
            StartupLog.Error($"The Prometheus scrape endpoint cannot listen on port {port} ({e.Message}); the functions keep " +
                "serving without it. Set Observability__PrometheusPort to a free port, or to 0 to turn it off.");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        metrics.DurationObserved = null;
        return _server?.StopAsync() ?? Task.CompletedTask;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _adapter?.Dispose();
    }
}
