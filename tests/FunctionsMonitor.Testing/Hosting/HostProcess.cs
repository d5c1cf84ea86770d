using System.Diagnostics;
using System.Text;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// A Functions host (Core Tools or the standalone host) and everything it starts, the worker included, in a session of
/// their own, started by <c>scripts/in-session.sh --hold</c> as the scripts and benchmarks start theirs. That small
/// shell between this process and the host holds the session: it stops the whole session when the host exits, when
/// <see cref="DisposeAsync"/> asks, and when this test process goes away however it ends (its end of the shell's
/// standard input closes), so that no host or worker outlives a failed or cancelled test run.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _logFile;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process, string logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    /// <summary>The session id: every process of this host has it (<c>pgrep -s</c>).</summary>
    public int SessionId => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    public Task Exited => _exited.Task;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>What the host has printed so far (standard output and error, as they came).</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>The command in a session of its own (scripts/in-session.sh), in <paramref name="cgroup"/> when one is given:
    /// the host and the worker it starts are in it from the start.</summary>
    public static HostProcess Start(string file, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, string logName, string? cgroup = null)
    {
        string[] session = cgroup is null ? ["--hold"] : ["--cgroup", cgroup, "--hold"];
        var start = new ProcessStartInfo("bash", [Path.Combine(Tool.RepoRoot, "scripts", "in-session.sh"), .. session, "-", file, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var (key, value) in environment)
            if (value is not null)
                start.Environment[key] = value;

        var logs = Path.Combine(Tool.RepoRoot, "tests", "FunctionsMonitor.Tests", "TestResults", "hosts");
        Directory.CreateDirectory(logs);
        var logFile = Path.Combine(logs, logName + ".log");
        File.WriteAllText(logFile, $"$ {file} {string.Join(' ', args)}   (in {workingDirectory})\n");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, logFile);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Exited += (_, _) => host._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            _log.Append(line).Append('\n');
            File.AppendAllText(_logFile, line + "\n");
        }
    }

    /// <summary>The last lines of the log, for a failure message.</summary>
    public string Tail(int lines = 60)
    {
        var all = Log.Split('\n');
        return $"(whole log: {_logFile})\n" + string.Join('\n', all[Math.Max(0, all.Length - lines)..]);
    }

    /// <summary>The process ids in this host's session now (the keeper, the host, the worker, …).</summary>
    public IReadOnlyList<int> SessionProcesses() => InSession(SessionId);

    public static IReadOnlyList<int> InSession(int sessionId)
    {
        var result = Tool.Run("pgrep", ["-s", sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }

    /// <summary>The worker's process id: the <c>dotnet …FunctionsMonitor.dll</c> in this session.</summary>
    public int? WorkerProcessId()
    {
        var result = Tool.Run("pgrep", ["-s", SessionId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "FunctionsMonitor.dll"]);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Cast<int?>().FirstOrDefault();
    }

    /// <summary>Stops the host and its worker (the session keeper signals them) and waits until the session is empty.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // already gone
        }
        if (!await Poll.EndsWithinAsync(_exited.Task, TimeSpan.FromSeconds(15)))
            _process.Kill(entireProcessTree: true);
        // The keeper's last act is to clear its session; wait for that too (the worker may take a moment).
        await Poll.UntilAsync(() => InSession(SessionId), left => left.Count == 0, seconds: 10);
        foreach (var pid in InSession(SessionId))
            Tool.Run("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        _process.Dispose();
    }
}
