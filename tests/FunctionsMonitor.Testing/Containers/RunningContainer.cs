using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace FunctionsMonitor.Testing.Containers;

/// <summary>One container of the image, reached on loopback through its published ports.</summary>
public sealed class RunningContainer(string name, Side side, int port)
{
    public string Name { get; } = name;

    public Side Side { get; } = side;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>From <c>podman run</c> to the first 200 of the readiness probe's path.</summary>
    public TimeSpan Ready { get; set; }

    /// <summary>From <c>podman run</c> to the first 200 of the startup probe's path.</summary>
    public TimeSpan Alive { get; set; }

    /// <summary>Resident memory (KiB) of the host and the worker once ready.</summary>
    public (long Host, long Worker) MemoryAfterStart { get; set; }

    public string Logs() => ContainerEngine.Podman(["logs", Name]).Output;

    public ToolResult Exec(params string[] command) => ContainerEngine.Podman(["exec", Name, .. command]);

    /// <summary>The container's host name: what the app reports as a sample's <c>host</c>.</summary>
    public string Hostname => ContainerEngine.Podman(["inspect", "--format", "{{.Config.Hostname}}", Name]).Ok().Trim();

    /// <summary>Until <paramref name="path"/> answers 200, timed from <paramref name="since"/>; fails with the container's
    /// log when it exits or time runs out.</summary>
    public async Task<TimeSpan> WaitForAsync(string path, Stopwatch since, TimeSpan patience)
    {
        using var probe = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        // null once it answered 200; else what it last answered
        var last = await Poll.UntilAsync<string?>(async () =>
        {
            try
            {
                using var response = await probe.GetAsync(path.TrimStart('/'));
                if (response.StatusCode == HttpStatusCode.OK)
                    return null;
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                return Running(status, path);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return Running(e.Message, path);
            }
        }, answer => answer is null, (patience - since.Elapsed).TotalSeconds);
        if (last is null)
            return since.Elapsed;
        throw new TimeoutException($"The {Side} container did not answer {path} with 200 within {patience.TotalSeconds} s (last: {last}).\n{Tail()}");
    }

    /// <summary><paramref name="answer"/>, while the container still runs; fails with its log once it does not.</summary>
    private string Running(string answer, string path)
    {
        var state = ContainerEngine.Podman(["inspect", "--format", "{{.State.Status}}", Name]).Stdout.Trim();
        return state is "running" or "created"
            ? answer
            : throw new InvalidOperationException($"The {Side} container is {state} before {path} answered 200.\n{Tail()}");
    }

    public string Tail(int lines = 60)
    {
        var all = Logs().Split('\n');
        return string.Join('\n', all[Math.Max(0, all.Length - lines)..]);
    }

    /// <summary>VmRSS of the host (process 1) and of the worker (the <c>dotnet …FunctionsMonitor.dll</c>), from /proc.</summary>
    public (long Host, long Worker) ResidentMemory()
    {
        var text = Exec("bash", "-c",
            "for p in /proc/[0-9]*; do c=$(tr '\\0' ' ' < $p/cmdline 2>/dev/null); r=$(awk '/^VmRSS:/ {print $2}' $p/status 2>/dev/null); " +
            "[ -n \"$r\" ] && echo \"${p#/proc/} $r $c\"; done; true").Ok();
        long host = 0, worker = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            var kib = long.Parse(parts[1], CultureInfo.InvariantCulture);
            if (parts[0] == "1")
                host = kib;
            else if (parts.Length > 2 && parts[2].Contains("FunctionsMonitor.dll", StringComparison.Ordinal))
                worker = kib;
        }
        return (host, worker);
    }
}
