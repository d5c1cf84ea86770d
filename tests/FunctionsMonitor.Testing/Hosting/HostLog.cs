namespace FunctionsMonitor.Testing.Hosting;

/// <summary>What the host's console log holds that no request wrote.</summary>
public static class HostLog
{
    private const string LeaseCategory = "info: Host.General[337]";

    /// <summary>The lines without the host's one notice that it holds its lock lease (two lines: level and category, then
    /// the message). The host writes it once, some seconds after start, on a timer of its own and whatever the traffic: it is
    /// the end of the host's start-up, not a request's line, and may fall inside any window a test reads.</summary>
    public static List<string> WithoutLeaseNotice(IReadOnlyList<string> lines) =>
        lines.Where((line, i) => !(IsLeaseCategory(line, lines, i + 1) || (i > 0 && IsLeaseCategory(lines[i - 1], lines, i))))
            .ToList();

    private static bool IsLeaseCategory(string line, IReadOnlyList<string> lines, int next) =>
        line.StartsWith(LeaseCategory, StringComparison.Ordinal) && next < lines.Count
        && lines[next].Contains("Host lock lease acquired", StringComparison.Ordinal);
}
