using System.Diagnostics;
using System.Globalization;

namespace FunctionsMonitor.HostTests;

/// <summary>No host or worker outlives the test run that started it, however the run ends.</summary>
public sealed class HostLifetimeTests
{
    [Fact]
    public async Task A_disposed_host_leaves_no_process_of_its_session()
    {
        var host = await AppHost.StartPublishedAsync("lifetime", Side.Metrics);
        var session = host.Process.SessionId;
        Assert.NotNull(host.Process.WorkerProcessId());

        await host.DisposeAsync();

        Assert.Empty(HostProcess.InSession(session));
    }

    [Fact]
    public async Task When_the_test_process_is_killed_its_host_and_worker_go_with_it()
    {
        // Another process of this test assembly starts a host (Program.HoldHost) and is then killed outright, as a
        // cancelled or crashed test run would be: nothing of that host's session may be left.
        var start = new ProcessStartInfo("dotnet", [typeof(HostLifetimeTests).Assembly.Location, Program.HoldHost])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[PublishedApp.FolderVariable] = await PublishedApp.FolderAsync();
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) ?? "";
        if (!ready.StartsWith("ready ", StringComparison.Ordinal))
            Assert.Fail($"the child did not start a host: {ready} {await stderr}");
        var session = int.Parse(ready.Split(' ')[1], CultureInfo.InvariantCulture);
        var worker = int.Parse(ready.Split(' ')[2], CultureInfo.InvariantCulture);
        Assert.Contains(worker, HostProcess.InSession(session));

        child.Kill(); // SIGKILL: no finally block, no dispose runs in the child
        await child.WaitForExitAsync();

        var left = await Poll.UntilAsync(() => HostProcess.InSession(session), p => p.Count == 0, seconds: 20);
        Assert.Empty(left);
        Assert.False(File.Exists($"/proc/{worker}/status"), $"the worker {worker} still runs");
    }
}
