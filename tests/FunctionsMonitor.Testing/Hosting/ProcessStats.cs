using System.Diagnostics;
using System.Globalization;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>What a host's processes use, read from /proc the way a pod's memory and CPU limits count it.</summary>
public static class ProcessStats
{
    /// <summary>Resident memory now (VmRSS), in MB; 0 for a process that is gone.</summary>
    public static double ResidentMegabytes(int pid) => Kilobytes(pid, "VmRSS:") / 1024;

    /// <summary>Anonymous resident memory now (RssAnon: heaps and stacks, what a memory limit cannot reclaim the way it
    /// drops mapped files), in MB; 0 for a process that is gone.</summary>
    public static double AnonymousMegabytes(int pid) => Kilobytes(pid, "RssAnon:") / 1024;

    /// <summary>The most resident memory the process ever had (VmHWM), in MB.</summary>
    public static double PeakMegabytes(int pid) => Kilobytes(pid, "VmHWM:") / 1024;

    /// <summary>CPU time the process has used, user and system, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
        // 14th and 15th of the whole line, so the 12th and 13th after ") ".
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Waits until the process uses less than <paramref name="share"/> of one core over a quarter second, at
    /// most <paramref name="limit"/>; returns how long that took (or <paramref name="limit"/> when it never did).</summary>
    public static async Task<TimeSpan> UntilIdleAsync(int pid, TimeSpan limit, double share = 0.1)
    {
        const double window = 0.25;
        var clock = Stopwatch.StartNew();
        double? previous = null;
        var spent = await Poll.UntilAsync(() =>
        {
            var now = CpuSeconds(pid);
            var since = previous is { } before ? now - before : double.PositiveInfinity; // the first read opens the window
            previous = now;
            return since;
        }, since => since < share * window, limit.TotalSeconds, window);
        return spent < share * window ? clock.Elapsed : limit;
    }

    private static double Kilobytes(int pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
            return 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
