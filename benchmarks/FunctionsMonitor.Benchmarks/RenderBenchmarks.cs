using BenchmarkDotNet.Attributes;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.Benchmarks;

/// <summary>Drawing and encoding one chart, no cache, in each PNG encoding (the app's one way to render): where an
/// uncached chart's time goes.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RenderBenchmarks
{
    private App _app = null!;
    private ChartRenderer _renderer = null!;
    private MetricsSample[] _history = null!;
    private MetricsSample[] _current = null!;

    /// <summary>RGBA (before the palette) and palette (the default) in the same run.</summary>
    [Params(PngEncoding.Rgba, PngEncoding.Palette)]
    public PngEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _app = new App(new Dictionary<string, string?> { ["Chart:PngEncoding"] = Encoding.ToString() });
        _renderer = _app.Get<ChartRenderer>();
        _history = _app.Simulator.History(_app.TestApp, 60);
        _current = [_history[^1]];
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    private static ChartRequest Bar(ChartFormat format, int width = 1024, int height = 512) =>
        new("test-app", ChartKind.Bar, format, width, height);

    [Benchmark(Description = "bar 1024x512 PNG")]
    public byte[] BarPng() => _renderer.Render(Bar(ChartFormat.Png), _current);

    [Benchmark(Description = "bar 1024x512 SVG")]
    public byte[] BarSvg() => _renderer.Render(Bar(ChartFormat.Svg), _current);

    [Benchmark(Description = "bar 2048x1024 PNG (largest)")]
    public byte[] BarPngLargest() => _renderer.Render(Bar(ChartFormat.Png, 2048, 1024), _current);

    [Benchmark(Description = "history 60 s 1024x512 PNG")]
    public byte[] HistoryPng() => _renderer.Render(new("test-app", ChartKind.History, ChartFormat.Png, 1024, 512, 60), _history);
}
