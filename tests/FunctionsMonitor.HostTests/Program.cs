using System.Globalization;

namespace FunctionsMonitor.HostTests;

/// <summary>The test assembly's entry point: nothing for the test host; with <see cref="HoldHost"/>, a host started and
/// held until this process is killed (<see cref="HostLifetimeTests"/>).</summary>
public static class Program
{
    public const string HoldHost = "hold-host";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [HoldHost])
            return 0;
        var host = await AppHost.StartPublishedAsync("held", Side.Metrics);
        Console.WriteLine($"ready {host.Process.SessionId} {host.Process.WorkerProcessId()}");
        await Poll.ForeverAsync();
        return 0;
    }
}
