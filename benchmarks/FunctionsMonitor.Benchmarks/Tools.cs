using System.Globalization;
using FunctionsMonitor.ChartFunction;
using SkiaSharp;

namespace FunctionsMonitor.Benchmarks;

internal static class Tools
{
    /// <summary>Bytes per image in every encoding, for docs/performance.md; and how far the palette picture is from
    /// the full-colour one (pixels that differ, RMS error over the channels, distinct colours of the original).</summary>
    public static int Sizes()
    {
        // A fixed instant, so that the table is the same on every run (samples are a function of app and time).
        using var app = new App();
        using var rgbaApp = new App(new Dictionary<string, string?> { ["Chart:PngEncoding"] = "Rgba" });
        var clock = app.Clock;
        var renderer = app.Get<ChartRenderer>();
        var rgbaRenderer = rgbaApp.Get<ChartRenderer>();
        var simulator = app.Simulator;
        var history = simulator.History(app.TestApp, 60);
        Console.WriteLine("| chart | RGBA, default encoder | RGBA, fast encoder | palette (zlib 1 / 6 / 9) | SVG | colours | pixels differing | RMS error |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (kind, width, height) in new[] { (ChartKind.Bar, 1024, 512), (ChartKind.Bar, 2048, 1024), (ChartKind.History, 1024, 512) })
        {
            ChartRequest Chart(ChartFormat f) => new("test-app", kind, f, width, height, 60);
            var samples = kind == ChartKind.Bar ? history[^1..] : history;
            var fast = rgbaRenderer.Render(Chart(ChartFormat.Png), samples);
            using var pixels = SKBitmap.Decode(fast).Copy(SKColorType.Rgba8888);
            var slow = pixels.PeekPixels().Encode(SKPngEncoderOptions.Default)!.Size;
            var palette = new[] { 1, 6, 9 }.Select(level => PalettePng.Encode(pixels.PeekPixels(), level).Length).ToArray();
            var svg = renderer.Render(Chart(ChartFormat.Svg), samples).Length;
            var (colours, differing, rms) = Compare(fast, renderer.Render(Chart(ChartFormat.Png), samples));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind.ToString().ToLowerInvariant()} {width}x{height} | {slow:N0} B | {fast.Length:N0} B | {string.Join(" / ", palette.Select(p => p.ToString("N0", CultureInfo.InvariantCulture)))} B | {svg:N0} B | {colours} | {differing:0.00} % | {rms:0.000} % |"));
        }

        // Every bucket draws other values: the spread over five minutes of samples (one slow wave of load).
        Console.WriteLine();
        Console.WriteLine("| 1024x512 PNG over 300 buckets | RGBA fast: median | max | palette: median | max | pixels differing: max |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var kind in new[] { ChartKind.Bar, ChartKind.History })
        {
            var rows = Enumerable.Range(0, 300).Select(i =>
            {
                clock.Now = App.Reference.AddSeconds(i);
                var samples = kind == ChartKind.Bar ? [simulator.Current(app.TestApp)] : simulator.History(app.TestApp, 60);
                var chart = new ChartRequest("test-app", kind, ChartFormat.Png, 1024, 512, 60);
                var rgba = rgbaRenderer.Render(chart, samples);
                var palette = renderer.Render(chart, samples);
                return (Rgba: rgba.Length, Palette: palette.Length, Compare(rgba, palette).DifferingPercent);
            }).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind.ToString().ToLowerInvariant()} | {Median(rows.Select(r => r.Rgba)):N0} B | {rows.Max(r => r.Rgba):N0} B | {Median(rows.Select(r => r.Palette)):N0} B | {rows.Max(r => r.Palette):N0} B | {rows.Max(r => r.DifferingPercent):0.00} % |"));
        }
        return 0;
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static (int Colours, double DifferingPercent, double RmsPercent) Compare(byte[] original, byte[] palette)
    {
        using var a = SKBitmap.Decode(original);
        using var b = SKBitmap.Decode(palette);
        var (pa, pb) = (a.Pixels, b.Pixels);
        long differing = 0;
        double squares = 0;
        for (var i = 0; i < pa.Length; i++)
        {
            if (pa[i] == pb[i])
                continue;
            differing++;
            squares += Square(pa[i].Red - pb[i].Red) + Square(pa[i].Green - pb[i].Green) + Square(pa[i].Blue - pb[i].Blue);
        }
        var colours = pa.Distinct().Count();
        return (colours, 100.0 * differing / pa.Length, 100.0 * Math.Sqrt(squares / (3.0 * pa.Length)) / 255);
    }

    private static double Square(int x) => (double)x * x;
}
