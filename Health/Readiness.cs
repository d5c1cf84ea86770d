namespace FunctionsMonitor.Health;

/// <summary>
/// What one slice needs before its pod takes traffic. <c>GET /api/healthz</c>, the readiness probe, answers 200 once
/// every registered check is ready; each slice registers its own, so a host waits only for what it runs.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The slice's name in the health answer, e.g. <c>chart</c>.</summary>
    string Name { get; }

    /// <summary>Null while not ready; then what is ready, for people (which font, what was drawn).</summary>
    string? Ready { get; }

    /// <summary>What the slice is still doing, while it is not ready.</summary>
    string Pending { get; }
}

/// <summary>Every readiness check of the host, read together.</summary>
public sealed class Readiness(IEnumerable<IReadinessCheck> checks)
{
    private readonly IReadinessCheck[] _checks = [.. checks];

    public bool IsReady => _checks.All(c => c.Ready is not null);

    /// <summary>What each ready check reports, by name.</summary>
    public IReadOnlyDictionary<string, string> Report() =>
        _checks.Where(c => c.Ready is not null).ToDictionary(c => c.Name, c => c.Ready!, StringComparer.Ordinal);

    /// <summary>What the checks that are not ready yet are doing.</summary>
    public string Pending() => string.Join(" ", _checks.Where(c => c.Ready is null).Select(c => c.Pending));
}
