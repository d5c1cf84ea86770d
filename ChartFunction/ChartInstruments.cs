using System.Diagnostics;
using System.Diagnostics.Metrics;
using FunctionsMonitor.Observability;

namespace FunctionsMonitor.ChartFunction;

/// <summary>The chart slice's instruments: renders, the render cache and queue, refusals, and the fetches of samples
/// from the metrics service, by the kinds, formats and outcomes the slice itself defines.</summary>
public sealed class ChartInstruments
{
    private readonly Meter _meter;
    private readonly SlotCounter<ChartKind, ChartFormat> _renders;
    private readonly Histogram<double> _renderDuration;
    private readonly SlotCounter<ChartKind, FetchOutcome> _fetches;
    private long _hits, _misses, _refused;

    public ChartInstruments(IMeterFactory meters)
    {
        _meter = meters.Meter();
        _renders = new SlotCounter<ChartKind, ChartFormat>(_meter, "functionsmonitor.chart.renders", "{render}",
            "Charts drawn (cache misses), by kind and format.", "chart.kind", ChartRequest.NameOf, "chart.format", ChartRequest.NameOf);
        _renderDuration = _meter.CreateHistogram("functionsmonitor.chart.render.duration", "s",
            "Time to draw and encode one chart, by kind and format.", advice: Instruments.Seconds);
        _meter.CreateObservableCounter("functionsmonitor.chart.cache.lookups", () => new[]
            {
                new Measurement<long>(Volatile.Read(ref _hits), new KeyValuePair<string, object?>("chart.cache.result", "hit")),
                new Measurement<long>(Volatile.Read(ref _misses), new KeyValuePair<string, object?>("chart.cache.result", "miss")),
            }, "{lookup}", "Rendered-chart cache lookups, by result (hit, miss).");
        _meter.CreateObservableCounter("functionsmonitor.chart.refused", () => Volatile.Read(ref _refused), "{request}",
            "Chart requests answered 503 because the render queue was full.");
        _fetches = new SlotCounter<ChartKind, FetchOutcome>(_meter, "functionsmonitor.chart.sample_fetches", "{fetch}",
            "The chart's fetches of samples from the metrics service over HTTP, by kind (current, history) and outcome.",
            "fetch.kind", FetchOutcomeNames.FetchName, "fetch.outcome", FetchOutcomeNames.Name);
    }

    /// <summary>Renders waiting for a render slot, read when a scrape or an export asks.</summary>
    public void ObserveRenderQueue(Func<long> queued) =>
        _meter.CreateObservableGauge("functionsmonitor.chart.render.queue", queued, "{render}", "Chart renders waiting for a render slot.");

    public void Rendered(ChartRequest chart, TimeSpan elapsed)
    {
        _renders.Add(chart.Kind, chart.Format);
        _renderDuration.Record(elapsed.TotalSeconds, new TagList { { "chart.kind", chart.KindName }, { "chart.format", chart.FormatName } });
    }

    public void CacheLookup(bool hit) => Interlocked.Increment(ref hit ? ref _hits : ref _misses);

    public void Refused() => Interlocked.Increment(ref _refused);

    public void Fetched(ChartKind kind, FetchOutcome outcome) => _fetches.Add(kind, outcome);
}
