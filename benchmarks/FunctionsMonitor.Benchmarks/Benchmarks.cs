using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

namespace FunctionsMonitor.Benchmarks;

/// <summary>Drawing and encoding one chart, no cache: where a chart's time goes.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RenderBenchmarks
{
    private App _app = null!;
    private ChartRenderer _renderer = null!;
    private MetricsSample[] _history = null!;
    private MetricsSample[] _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = new App();
        _renderer = _app.Get<ChartRenderer>();
        _history = _app.Simulator.History("test-app", 60)!;
        _current = [_history[^1]];
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    private static ChartRequest Bar(ChartFormat format, int width = 1024, int height = 512) =>
        new("test-app", ChartKind.Bar, format, width, height);

    [Benchmark(Description = "bar 1024x512 PNG, RGBA default encoder")]
    public byte[] BarPngDefault() => _renderer.Render(Bar(ChartFormat.Png), _current, SKPngEncoderOptions.Default);

    [Benchmark(Baseline = true, Description = "bar 1024x512 PNG, RGBA fast encoder (before)")]
    public byte[] BarPngFast() => _renderer.Render(Bar(ChartFormat.Png), _current, PngEncoding.Rgba);

    [Benchmark(Description = "bar 1024x512 PNG, palette (after, the default)")]
    public byte[] BarPngPalette() => _renderer.Render(Bar(ChartFormat.Png), _current, PngEncoding.Palette);

    /// <summary>A library quantizer for comparison: ImageSharp 2.1.13's Wu quantizer and palette PNG encoder, from the
    /// same pixels (copying them into ImageSharp's image is part of its cost, as it would be in the app).</summary>
    [Benchmark(Description = "bar 1024x512 PNG, palette by ImageSharp (Wu)")]
    public byte[] BarPngImageSharp() => _renderer.Draw(Bar(ChartFormat.Png), _current, pixels =>
    {
        using var image = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgba32>(pixels.GetPixelSpan(), 1024, 512);
        using var output = new MemoryStream();
        image.Save(output, new SixLabors.ImageSharp.Formats.Png.PngEncoder
        {
            ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Palette,
            Quantizer = new SixLabors.ImageSharp.Processing.Processors.Quantization.WuQuantizer(
                new SixLabors.ImageSharp.Processing.Processors.Quantization.QuantizerOptions { Dither = null }),
        });
        return output.ToArray();
    });

    [Benchmark(Description = "bar 1024x512 SVG")]
    public byte[] BarSvg() => _renderer.Render(Bar(ChartFormat.Svg), _current);

    [Benchmark(Description = "bar 2048x1024 PNG, RGBA fast encoder (largest, before)")]
    public byte[] BarPngLargest() => _renderer.Render(Bar(ChartFormat.Png, 2048, 1024), _current, PngEncoding.Rgba);

    [Benchmark(Description = "bar 2048x1024 PNG, palette (largest, after)")]
    public byte[] BarPngLargestPalette() => _renderer.Render(Bar(ChartFormat.Png, 2048, 1024), _current, PngEncoding.Palette);

    [Benchmark(Description = "history 60 s 1024x512 PNG, RGBA fast encoder (before)")]
    public byte[] HistoryPng() => _renderer.Render(History, _history, PngEncoding.Rgba);

    [Benchmark(Description = "history 60 s 1024x512 PNG, palette (after)")]
    public byte[] HistoryPngPalette() => _renderer.Render(History, _history, PngEncoding.Palette);

    private static readonly ChartRequest History = new("test-app", ChartKind.History, ChartFormat.Png, 1024, 512, 60);

    /// <summary>Only the drawing: the plot rendered to a surface and snapshotted, as every encoder gets it; not encoded.</summary>
    [Benchmark(Description = "bar 1024x512 drawing only (no encoding)")]
    public int BarDrawOnly() => _renderer.Draw(Bar(ChartFormat.Png), _current, pixels => pixels.Width);
}

/// <summary>The metrics side: one sample and its JSON.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class MetricsBenchmarks
{
    private App _app = null!;

    [GlobalSetup]
    public void Setup() => _app = new App();

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Description = "sample + JSON serialization")]
    public byte[] SampleJson() => JsonSerializer.SerializeToUtf8Bytes(_app.Simulator.Current("test-app")!, MetricsJsonContext.Default.MetricsSample);
}

/// <summary>The cached path of a chart request in the worker: the cache's lookup of a chart already drawn (what a
/// refresh within a bucket costs besides the host's own work), in each PNG encoding.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChartCacheBenchmarks
{
    private App _app = null!;
    private ChartImages _images = null!;
    private MetricsSample[] _current = null!;
    private readonly ChartRequest _chart = new("test-app", ChartKind.Bar, ChartFormat.Png, 1024, 512);

    [Params(PngEncoding.Rgba, PngEncoding.Palette)]
    public PngEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _app = new App(new Dictionary<string, string?> { ["Chart:PngEncoding"] = Encoding.ToString() });
        _images = _app.Get<ChartImages>();
        _current = [_app.Simulator.Current("test-app")!];
        Cached().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Description = "chart cache: a chart already drawn")]
    public ValueTask<ChartImage?> Cached() => _images.GetAsync(_chart, _current, CancellationToken.None);
}
