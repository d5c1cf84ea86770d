using System.Diagnostics;
using System.Globalization;
using FunctionsMonitor.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.Benchmarks;

/// <summary>
/// What a user waits for after KEDA starts a pod, the worker's part: from process start to the host started
/// (the readiness probe can pass) and to the first chart served in-process. Each run is a fresh process of this
/// program; run it from a ReadyToRun publish to measure ReadyToRun. The Functions host adds its own ~4 s
/// (DESIGN.md §5), which is not measured here.
/// </summary>
internal static class ColdStart
{
    public const string Command = "coldstart", ChildCommand = "coldstart-child";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var self = typeof(ColdStart).Assembly.Location;
        Console.WriteLine($"{self}: {runs} fresh processes per row, median (min–max) ms from process start");
        Console.WriteLine("| warm-up at start | to host started | to first chart | first chart itself |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var warm in new[] { false, true })
        {
            var results = new List<double[]>();
            for (var i = 0; i < runs; i++)
            {
                var start = new ProcessStartInfo("dotnet", [self, ChildCommand, warm ? "warm" : "cold"]) { RedirectStandardOutput = true };
                using var child = Process.Start(start)!;
                var line = (await child.StandardOutput.ReadToEndAsync()).Trim();
                await child.WaitForExitAsync();
                results.Add(line.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            }
            string Column(int c)
            {
                var values = results.Select(r => r[c]).Order().ToArray();
                return $"{values[values.Length / 2]:0} ({values[0]:0}–{values[^1]:0})";
            }
            Console.WriteLine($"| {(warm ? "yes" : "no")} | {Column(0)} | {Column(1)} | {Column(2)} |");
        }
        return 0;
    }

    public static async Task<int> ChildAsync(string[] args)
    {
        var warm = args is ["warm"];
        var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        await using var app = await TestApp.StartAsync(configure: services =>
        {
            if (!warm)
            {
                // "Before": the app without its start-time warm-up.
                var warmup = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "ChartWarmup");
                services.Remove(warmup);
            }
        });
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var chart = await app.ChartAsync();
        var firstChart = clock.Elapsed.TotalMilliseconds;
        if (chart.BodyBytes.Length == 0)
            return 1;
        var done = DateTime.UtcNow;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(started - processStart).TotalMilliseconds} {(done - processStart).TotalMilliseconds} {firstChart}"));
        return 0;
    }
}
