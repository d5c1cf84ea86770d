using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunctionsMonitor.Observability;

/// <summary>
/// What every slice's instruments share: one meter name (each slice's instruments create it through
/// <see cref="IMeterFactory"/>, which hands every one the same meter), one activity source, the seconds' buckets, and
/// slot counters. Names, units and attributes follow OpenTelemetry's semantic conventions where one exists
/// (<c>faas.invocations</c>, <c>faas.invoke_duration</c>, <c>http.response.status_code</c>); the rest are ours, under
/// <c>functionsmonitor.</c>. What the runtime measures already (<c>System.Net.Http</c>'s
/// <c>http.client.request.duration</c>, <c>System.Runtime</c>) is exported as it is, not measured again.
/// docs/observability.md lists each series as a scrape shows it.
/// </summary>
public static class Instruments
{
    public const string MeterName = "FunctionsMonitor";

    /// <summary>The app's own spans: the metrics fetch and the chart render (the invocation span is the worker's).</summary>
    public static readonly ActivitySource Traces = new(MeterName);

    /// <summary>Seconds, from a millisecond to ten seconds: an invocation or a render is milliseconds, a slow upstream
    /// seconds (the SDK's default boundaries are for milliseconds).</summary>
    public static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>The app's meter.</summary>
    public static Meter Meter(this IMeterFactory meters) => meters.Create(MeterName);
}
