using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunctionsMonitor.Observability;

/// <summary>
/// The app's own instruments, on one meter created through <see cref="IMeterFactory"/>, and its activity source. Names,
/// units and attributes follow OpenTelemetry's semantic conventions where one exists (<c>faas.invocations</c>,
/// <c>faas.invoke_duration</c>, <c>http.response.status_code</c>); the rest are ours, under <c>functionsmonitor.</c>.
/// What the runtime measures already (<c>System.Net.Http</c>'s <c>http.client.request.duration</c>,
/// <c>System.Runtime</c>) is exported as it is, not measured again. Counters whose label sets are known in advance
/// (renders, lookups, refusals, fetches) are observable over fixed slots, so that a scrape shows each at zero from the
/// start instead of only after its first event. docs/observability.md lists each series as a scrape shows it.
/// </summary>
public sealed class Instruments
{
    public const string MeterName = "FunctionsMonitor";

    /// <summary>The app's own spans: the metrics fetch and the chart render (the invocation span is the worker's).</summary>
    public static readonly ActivitySource Traces = new(MeterName);

    /// <summary>Seconds, from a millisecond to ten seconds: an invocation or a render is milliseconds, a slow upstream
    /// seconds (the SDK's default boundaries are for milliseconds).</summary>
    private static readonly double[] SecondsBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly string[] FetchKinds = ["current", "history"];
    public static readonly string[] FetchOutcomes = ["ok", "not_found", "bad_gateway", "timeout", "circuit_open"];
    private static readonly string[] Kinds = ["bar", "history"], Formats = ["png", "svg"];

    private readonly Counter<long> _invocations;
    private readonly Histogram<double> _invokeDuration;
    private readonly UpDownCounter<long> _active;
    private readonly Histogram<double> _renderDuration;
    private readonly long[] _renders = new long[Kinds.Length * Formats.Length];
    private readonly long[] _lookups = new long[2];
    private readonly long[] _fetches = new long[FetchKinds.Length * FetchOutcomes.Length];
    private long _refused;

    public Instruments(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _invocations = Meter.CreateCounter<long>("faas.invocations", "{invocation}",
            "Function invocations completed, by function and HTTP status code.");
        _invokeDuration = Meter.CreateHistogram("faas.invoke_duration", "s",
            "Time from the start of an invocation in the worker to its response, by function and HTTP status code.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBoundaries });
        _active = Meter.CreateUpDownCounter<long>("functionsmonitor.active_invocations", "{invocation}", "Invocations in flight, by function.");
        Meter.CreateObservableCounter("functionsmonitor.chart.renders", () => Slots(_renders, Kinds, Formats, "chart.kind", "chart.format"),
            "{render}", "Charts drawn (cache misses), by kind and format.");
        _renderDuration = Meter.CreateHistogram("functionsmonitor.chart.render.duration", "s",
            "Time to draw and encode one chart, by kind and format.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBoundaries });
        Meter.CreateObservableCounter("functionsmonitor.chart.cache.lookups", () => new[]
            {
                new Measurement<long>(Volatile.Read(ref _lookups[0]), new KeyValuePair<string, object?>("chart.cache.result", "hit")),
                new Measurement<long>(Volatile.Read(ref _lookups[1]), new KeyValuePair<string, object?>("chart.cache.result", "miss")),
            }, "{lookup}", "Rendered-chart cache lookups, by result (hit, miss).");
        Meter.CreateObservableCounter("functionsmonitor.chart.refused", () => Volatile.Read(ref _refused), "{request}",
            "Chart requests answered 503 because the render queue was full.");
        Meter.CreateObservableCounter("functionsmonitor.chart.sample_fetches",
            () => Slots(_fetches, FetchKinds, FetchOutcomes, "fetch.kind", "fetch.outcome"), "{fetch}",
            "The chart's fetches of samples from the metrics service over HTTP, by kind (current, history) and outcome.");
    }

    public Meter Meter { get; }

    /// <summary>Renders waiting for a render slot, read when a scrape or an export asks.</summary>
    public void ObserveRenderQueue(Func<long> queued) =>
        Meter.CreateObservableGauge("functionsmonitor.chart.render.queue", queued, "{render}", "Chart renders waiting for a render slot.");

    public void InvocationStarted(string function) =>
        _active.Add(1, new KeyValuePair<string, object?>("faas.name", function));

    public void InvocationCompleted(string function, int status, TimeSpan elapsed)
    {
        _active.Add(-1, new KeyValuePair<string, object?>("faas.name", function));
        var tags = new TagList { { "faas.name", function }, { "faas.trigger", "http" }, { "http.response.status_code", StatusCode(status) } };
        _invocations.Add(1, tags);
        _invokeDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void Rendered(string kind, string format, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _renders[Array.IndexOf(Kinds, kind) * Formats.Length + Array.IndexOf(Formats, format)]);
        _renderDuration.Record(elapsed.TotalSeconds, new TagList { { "chart.kind", kind }, { "chart.format", format } });
    }

    public void CacheLookup(bool hit) => Interlocked.Increment(ref _lookups[hit ? 0 : 1]);

    public void Refused() => Interlocked.Increment(ref _refused);

    /// <summary><paramref name="outcome"/>: one of <see cref="FetchOutcomes"/>.</summary>
    public void Fetched(string kind, string outcome) =>
        Interlocked.Increment(ref _fetches[Array.IndexOf(FetchKinds, kind) * FetchOutcomes.Length + Array.IndexOf(FetchOutcomes, outcome)]);

    private static IEnumerable<Measurement<long>> Slots(long[] slots, string[] first, string[] second, string firstName, string secondName)
    {
        for (var i = 0; i < first.Length; i++)
            for (var j = 0; j < second.Length; j++)
                yield return new Measurement<long>(Volatile.Read(ref slots[i * second.Length + j]),
                    new KeyValuePair<string, object?>(firstName, first[i]), new KeyValuePair<string, object?>(secondName, second[j]));
    }

    /// <summary>A status code as an attribute value, boxed once per code rather than per invocation.</summary>
    private static object StatusCode(int status) => status is >= 100 and < 600 ? BoxedCodes[status - 100] : status;

    private static readonly object[] BoxedCodes = Enumerable.Range(100, 500).Select(code => (object)code).ToArray();
}
