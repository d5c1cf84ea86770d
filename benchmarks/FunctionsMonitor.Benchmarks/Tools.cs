using System.Globalization;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Tests;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FunctionsMonitor.Benchmarks;

internal static class Tools
{
    /// <summary>Bytes per image, default PNG encoder against ours, for the README's table.</summary>
    public static async Task<int> SizesAsync()
    {
        await using var app = await TestApp.StartAsync();
        var renderer = app.Services.GetRequiredService<ChartRenderer>();
        var history = app.Services.GetRequiredService<MetricsSimulator>().History("test-app", 60)!;
        Console.WriteLine("| chart | default PNG encoder | fast PNG encoder | SVG |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (kind, width, height) in new[] { (ChartKind.Bar, 1024, 512), (ChartKind.Bar, 2048, 1024), (ChartKind.History, 1024, 512) })
        {
            ChartRequest Chart(ChartFormat f) => new("test-app", kind, f, width, height, 60);
            var samples = kind == ChartKind.Bar ? history[^1..] : history;
            var slow = renderer.Render(Chart(ChartFormat.Png), samples, SKPngEncoderOptions.Default).Length;
            var fast = renderer.Render(Chart(ChartFormat.Png), samples).Length;
            var svg = renderer.Render(Chart(ChartFormat.Svg), samples).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind.ToString().ToLowerInvariant()} {width}x{height} | {slow:N0} B | {fast:N0} B (+{100.0 * (fast - slow) / slow:0} %) | {svg:N0} B |"));
        }
        return 0;
    }

    /// <summary>The functions over HTTP on 127.0.0.1 through the tests' adapter: for the load script and a quick look
    /// without Core Tools. Not the Functions host: no host.json limits, no host routing or keys.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7071;
        await using var app = await TestApp.StartAsync();
        await using var server = await FunctionsHttpServer.StartAsync(app, port);
        Console.WriteLine($"Serving {server.BaseUrl}api/dashboard through the test adapter (not the Functions host). Ctrl+C stops.");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        await stop.Task;
        return 0;
    }
}
