using BenchmarkDotNet.Attributes;
using FunctionsMonitor.ChartFunction;
using SkiaSharp;

namespace FunctionsMonitor.Benchmarks;

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
