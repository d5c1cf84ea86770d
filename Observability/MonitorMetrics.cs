using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace FunctionsMonitor.Observability;

/// <summary>
/// The app's own instruments, on one meter created through <see cref="IMeterFactory"/>. Names, units and attributes
/// follow OpenTelemetry's semantic conventions where one exists (<c>faas.*</c>, <c>http.response.status_code</c>);
/// the rest are ours, under the meter's name. What the runtime measures already (<c>System.Net.Http</c>'s
/// <c>http.client.request.duration</c>, <c>System.Runtime</c>) is exported as it is, not measured again.
/// docs/observability.md lists each series as a Prometheus scrape shows it.
/// </summary>
public sealed class MonitorMetrics
{
    public const string MeterName = "FunctionsMonitor";

    public const string InvokeDurationHelp =
        "Time from the start of an invocation in the worker to its response, by function and HTTP status code.";

    /// <summary>The app's own spans: the metrics fetch and the chart render (the invocation span is the worker's).</summary>
    public static readonly ActivitySource Traces = new(MeterName);

    private readonly Histogram<double> _invokeDuration;
    private readonly Counter<long> _renders;
    private readonly Histogram<double> _renderDuration;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _fetches;

    // Counted with Interlocked and read only when a scrape or an export asks (observable instruments): each
    // measurement an invocation makes costs a listener call, so only the duration histogram is recorded per
    // invocation (docs/performance.md, Invocations).
    private readonly ConcurrentDictionary<string, StrongBox<long>> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Function, int Status), StrongBox<long>> _completed = new();
    private long _cacheHits, _cacheMisses;

    public MonitorMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        Meter.CreateObservableCounter("faas.invocations", () => _completed.Select(c => new Measurement<long>(
                Volatile.Read(ref c.Value.Value),
                new KeyValuePair<string, object?>("faas.name", c.Key.Function), new KeyValuePair<string, object?>("faas.trigger", "http"),
                new KeyValuePair<string, object?>("http.response.status_code", c.Key.Status))),
            "{invocation}", "Function invocations completed, by function and HTTP status code.");
        _invokeDuration = Meter.CreateHistogram<double>(InvokeDurationName, "s", InvokeDurationHelp);
        Meter.CreateObservableUpDownCounter("faas.active_invocations", () => _active.Select(a =>
                new Measurement<long>(Volatile.Read(ref a.Value.Value), new KeyValuePair<string, object?>("faas.name", a.Key))),
            "{invocation}", "Invocations in flight, by function.");
        _renders = Meter.CreateCounter<long>("chart.renders", "{render}", "Charts drawn (cache misses), by kind and format.");
        _renderDuration = Meter.CreateHistogram<double>("chart.render.duration", "s", "Time to draw and encode one chart, by kind and format.");
        Meter.CreateObservableCounter("chart.cache.lookups", () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _cacheHits), new KeyValuePair<string, object?>("chart.cache.result", "hit")),
                new Measurement<long>(Interlocked.Read(ref _cacheMisses), new KeyValuePair<string, object?>("chart.cache.result", "miss")),
            }, "{lookup}", "Rendered-chart cache lookups, by result (hit, miss).");
        _refused = Meter.CreateCounter<long>("chart.refused", "{request}", "Chart requests answered 503 because the render queue was full.");
        _fetches = Meter.CreateCounter<long>("metrics_service.fetches", "{fetch}",
            "Fetches from the metrics service over HTTP, by kind (current, history) and outcome.");
    }

    public Meter Meter { get; }

    /// <summary>The one instrument every invocation records; the Prometheus endpoint keeps it out of prometheus-net's
    /// Meter adapter and takes each duration through <see cref="DurationObserved"/> instead (see there).</summary>
    public const string InvokeDurationName = "faas.invoke_duration";

    /// <summary>Set by the Prometheus endpoint while it serves: prometheus-net's Meter adapter costs about 0.9 µs a
    /// measurement (measured: 884 ns against 27 ns with no listener), more than the rest of an invocation's telemetry,
    /// so the endpoint keeps a prometheus-net histogram of the same name, labels and buckets and is handed each
    /// duration here (about 30 ns). OTLP gets the System.Diagnostics.Metrics histogram as usual.</summary>
    public Action<string, int, double>? DurationObserved { get; set; }

    /// <summary>Renders waiting for a slot, read when a scrape or export asks.</summary>
    public void ObserveRenderQueue(Func<long> queued) =>
        Meter.CreateObservableGauge("chart.render.queue", queued, "{render}", "Chart renders waiting for a render slot.");

    public void InvocationStarted(string function) =>
        Interlocked.Increment(ref _active.GetOrAdd(function, _ => new StrongBox<long>()).Value);

    public void InvocationCompleted(string function, int status, TimeSpan elapsed)
    {
        Interlocked.Decrement(ref _active.GetOrAdd(function, _ => new StrongBox<long>()).Value);
        Interlocked.Increment(ref _completed.GetOrAdd((function, status), _ => new StrongBox<long>()).Value);
        if (_invokeDuration.Enabled)
            _invokeDuration.Record(elapsed.TotalSeconds,
                new TagList { { "faas.name", function }, { "faas.trigger", "http" }, { "http.response.status_code", status } });
        DurationObserved?.Invoke(function, status, elapsed.TotalSeconds);
    }

    public void Rendered(string kind, string format, TimeSpan elapsed)
    {
        TagList tags = new() { { "chart.kind", kind }, { "chart.format", format } };
        _renders.Add(1, tags);
        _renderDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void CacheLookup(bool hit) => Interlocked.Increment(ref hit ? ref _cacheHits : ref _cacheMisses);

    public void Refused() => _refused.Add(1);

    /// <summary><paramref name="outcome"/>: ok, not_found, bad_gateway, timeout, circuit_open.</summary>
    public void Fetched(string kind, string outcome) =>
        _fetches.Add(1, new KeyValuePair<string, object?>("fetch.kind", kind), new KeyValuePair<string, object?>("fetch.outcome", outcome));
}
