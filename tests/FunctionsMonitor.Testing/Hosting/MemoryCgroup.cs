using System.Globalization;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// A memory cgroup (v1, as these machines and CI have) with a limit, made under this test process's own: a host
/// started in it (<see cref="AppHost.StartPublishedAsync"/>'s <c>memoryCgroup</c>) and its worker share the limit, as
/// a pod's containers do, and the kernel's OOM killer acts there as it would in the pod. Removed when disposed.
/// </summary>
public sealed class MemoryCgroup : IDisposable
{
    private MemoryCgroup(string path) => Path = path;

    /// <summary>The cgroup's folder; its <c>cgroup.procs</c> takes a process id.</summary>
    public string Path { get; }

    public static MemoryCgroup Create(long limitBytes, string name)
    {
        var own = File.ReadLines("/proc/self/cgroup").Select(l => l.Split(':', 3))
            .FirstOrDefault(f => f.Length == 3 && f[1].Split(',').Contains("memory"))
            ?? throw new InvalidOperationException("This machine has no cgroup v1 memory controller (/proc/self/cgroup names none); " +
                "the memory-limit tests need one, as the machines this repository is built and tested on have.");
        var path = $"/sys/fs/cgroup/memory{own[2].TrimEnd('/')}/functionsmonitor-{name}-{Guid.NewGuid():N}"[..^16];
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, "memory.limit_in_bytes"), limitBytes.ToString(CultureInfo.InvariantCulture));
        return new MemoryCgroup(path);
    }

    /// <summary>The most memory the cgroup's processes ever used together, in MiB.</summary>
    public double PeakMebibytes => Read("memory.max_usage_in_bytes") / (1024.0 * 1024);

    /// <summary>How many processes the OOM killer ended in this cgroup.</summary>
    public long OomKills => long.Parse(File.ReadLines(System.IO.Path.Combine(Path, "memory.oom_control"))
        .Single(l => l.StartsWith("oom_kill ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);

    private long Read(string file) => long.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path); // a cgroup's folder goes with rmdir once its processes are gone
        }
        catch (IOException)
        {
            // a process still exiting: the kernel removes nothing until it has; the folder is the machine's to clean
        }
    }
}
