using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

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

/// <summary>The encoders alone, on the same pixels (a default bar chart, drawn once): SkiaSharp's default and fast RGBA
/// settings, our palette encoder, and a library quantizer for comparison.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class EncoderBenchmarks
{
    private SKBitmap _pixels = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var app = new App(new Dictionary<string, string?> { ["Chart:PngEncoding"] = "Rgba" });
        var png = app.Get<ChartRenderer>().Render(new("test-app", ChartKind.Bar, ChartFormat.Png, 1024, 512), [app.Simulator.Current(app.TestApp)]);
        _pixels = SKBitmap.Decode(png).Copy(SKColorType.Rgba8888);
    }

    [GlobalCleanup]
    public void Cleanup() => _pixels.Dispose();

    [Benchmark(Description = "RGBA, SkiaSharp's default settings")]
    public byte[] RgbaDefault() => _pixels.PeekPixels().Encode(SKPngEncoderOptions.Default)!.ToArray();

    [Benchmark(Baseline = true, Description = "RGBA, Up filter and zlib 1 (Chart__PngEncoding=Rgba)")]
    public byte[] RgbaFast() => _pixels.PeekPixels().Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))!.ToArray();

    [Benchmark(Description = "palette, ours (the default)")]
    public byte[] Palette() => PalettePng.Encode(_pixels.PeekPixels());

    /// <summary>ImageSharp 2.1.13's Wu quantizer and palette PNG encoder (copying the pixels into ImageSharp's image is
    /// part of its cost, as it would be in the app).</summary>
    [Benchmark(Description = "palette, ImageSharp 2.1.13 (Wu quantizer)")]
    public byte[] PaletteImageSharp()
    {
        using var image = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgba32>(_pixels.GetPixelSpan(), 1024, 512);
        using var output = new MemoryStream();
        image.Save(output, new SixLabors.ImageSharp.Formats.Png.PngEncoder
        {
            ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Palette,
            Quantizer = new SixLabors.ImageSharp.Processing.Processors.Quantization.WuQuantizer(
                new SixLabors.ImageSharp.Processing.Processors.Quantization.QuantizerOptions { Dither = null }),
        });
        return output.ToArray();
    }
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
    public byte[] SampleJson() => JsonSerializer.SerializeToUtf8Bytes(_app.Simulator.Current(_app.TestApp), MetricsJsonContext.Default.MetricsSample);
}

/// <summary>The cached path of a chart request in the worker: the cache's lookup of a chart already drawn (what a
/// refresh within a bucket costs besides the host's own work).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChartCacheBenchmarks
{
    private App _app = null!;
    private ChartImages _images = null!;
    private MetricsSample[] _current = null!;
    private readonly ChartRequest _chart = new("test-app", ChartKind.Bar, ChartFormat.Png, 1024, 512);

    [GlobalSetup]
    public void Setup()
    {
        _app = new App();
        _images = _app.Get<ChartImages>();
        _current = [_app.Simulator.Current(_app.TestApp)];
        Cached().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Description = "chart cache: a chart already drawn")]
    public ValueTask<Result<ChartImage>> Cached() => _images.GetAsync(_chart, _current, CancellationToken.None);
}
