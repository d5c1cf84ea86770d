using FunctionsMonitor.Health;
using FunctionsMonitor.Observability;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>Feeds the live app: every invocation of this pod but the probes' (<see cref="Probe"/>), its duration and
/// whether it answered 5xx.</summary>
public sealed class LiveTrafficObserver(LiveTraffic live, IEnumerable<Probe> probes) : IInvocationObserver
{
    private readonly HashSet<string> _probes = probes.Select(p => p.Function).ToHashSet(StringComparer.Ordinal);

    public void Started(string function)
    {
        if (!_probes.Contains(function))
            live.Started();
    }

    public void Completed(string function, int status, TimeSpan elapsed)
    {
        if (!_probes.Contains(function))
            live.Completed(elapsed, failed: status >= 500);
    }
}
