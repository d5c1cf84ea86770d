using System.Diagnostics;

namespace FunctionsMonitor.Testing;

/// <summary>Runs the real tools the tests use (dotnet, kubectl, helm, docker-compose, …), each bounded in time.</summary>
public static class Tool
{
    public static string RepoRoot => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    /// <summary>Runs <paramref name="check"/> on a temporary copy of a repository file with one text replaced (a
    /// planted mistake), and deletes the copy.</summary>
    public static ToolResult OnAlteredCopy(string repoFile, string from, string to, Func<string, ToolResult> check)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, repoFile));
        if (!text.Contains(from, StringComparison.Ordinal))
            throw new InvalidOperationException($"{repoFile} has no '{from}' to replace");
        var copy = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{Path.GetFileName(repoFile)}");
        File.WriteAllText(copy, text.Replace(from, to, StringComparison.Ordinal));
        try
        {
            return check(copy);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Runs <paramref name="run"/> on a temporary folder holding <paramref name="files"/> (name to text), and
    /// deletes the folder.</summary>
    public static ToolResult WithFiles(IReadOnlyDictionary<string, string> files, Func<string, ToolResult> run)
    {
        var directory = Path.Combine(Path.GetTempPath(), "functionsmonitor-files-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            foreach (var (name, text) in files)
                File.WriteAllText(Path.Combine(directory, name), text);
            return run(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A loopback port that was free a moment ago: for a server a test starts, or for an address where nothing
    /// listens.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static ToolResult Run(string file, IEnumerable<string> args, string? workingDirectory = null,
        TimeSpan? timeout = null, IDictionary<string, string?>? environment = null)
    {
        var list = args.ToList();
        var command = $"{file} {string.Join(' ', list)}";
        ProcessStartInfo start = new(file, list)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[key] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is not available ({e.Message}): run scripts/install-test-tools.sh", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var limit = timeout ?? TimeSpan.FromMinutes(1);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} took over {limit.TotalSeconds} s");
            }
            return new ToolResult(command, process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
