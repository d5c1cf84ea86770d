using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunctionsMonitor.Observability;

/// <summary>Invocations by function and status code, their duration, and those in flight.</summary>
public sealed class InvocationInstruments : IInvocationObserver
{
    private readonly Counter<long> _invocations;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _active;

    public InvocationInstruments(IMeterFactory meters)
    {
        var meter = meters.Meter();
        _invocations = meter.CreateCounter<long>("faas.invocations", "{invocation}",
            "Function invocations completed, by function and HTTP status code.");
        _duration = meter.CreateHistogram("faas.invoke_duration", "s",
            "Time from the start of an invocation in the worker to its response, by function and HTTP status code.",
            advice: Instruments.Seconds);
        _active = meter.CreateUpDownCounter<long>("functionsmonitor.active_invocations", "{invocation}", "Invocations in flight, by function.");
    }

    public void Started(string function) => _active.Add(1, new KeyValuePair<string, object?>("faas.name", function));

    public void Completed(string function, int status, TimeSpan elapsed)
    {
        _active.Add(-1, new KeyValuePair<string, object?>("faas.name", function));
        var tags = new TagList { { "faas.name", function }, { "faas.trigger", "http" }, { "http.response.status_code", StatusCode(status) } };
        _invocations.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>A status code as an attribute value, boxed once per code rather than per invocation.</summary>
    private static object StatusCode(int status) => status is >= 100 and < 600 ? BoxedCodes[status - 100] : status;

    private static readonly object[] BoxedCodes = Enumerable.Range(100, 500).Select(code => (object)code).ToArray();
}
