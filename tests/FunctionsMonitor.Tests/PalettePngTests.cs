using System.Buffers.Binary;
using FunctionsMonitor.ChartFunction;
using System.Net;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FunctionsMonitor.Tests;

/// <summary>PNG charts are indexed colour by default: a third of the bytes, and the same picture a person sees. The
/// encoder itself, without a host.</summary>
public sealed class PalettePngTests : IDisposable
{
    private readonly AppServices _app = new();
    private readonly AppServices _rgba = new(new Dictionary<string, string?> { ["Chart:PngEncoding"] = "Rgba" });

    public void Dispose()
    {
        _app.Dispose();
        _rgba.Dispose();
    }

    private MetricsSample[] History() => _app.Get<MetricsSimulator>().History(_app.Get<Catalogue>().Simulated[0], 60);

    [Fact]
    public void The_palette_png_is_a_third_of_the_rgba_bytes()
    {
        var (chart, samples) = Default();

        var palette = _app.Get<ChartRenderer>().Render(chart, samples);
        var rgba = _rgba.Get<ChartRenderer>().Render(chart, samples);

        Assert.Equal((3, 6), (Images.ColourType(palette), Images.ColourType(rgba)));
        Assert.True(palette.Length * 2.5 < rgba.Length, $"palette {palette.Length} B against RGBA {rgba.Length} B");
    }

    [Theory]
    [InlineData(ChartKind.Bar, 1.0)]
    [InlineData(ChartKind.History, 2.5)]
    public void The_palette_png_is_the_same_picture_as_the_rgba_one(ChartKind kind, double maxDifferingPercent)
    {
        var samples = History();
        var chart = new ChartRequest("test-app", kind, ChartFormat.Png, 1024, 512, 60);

        using var palette = Images.Decode(_app.Get<ChartRenderer>().Render(chart, samples));
        using var rgba = Images.Decode(_rgba.Get<ChartRenderer>().Render(chart, samples));

        Assert.Equal((rgba.Width, rgba.Height), (palette.Width, palette.Height));
        var (a, b) = (palette.Pixels, rgba.Pixels);
        var differing = a.Zip(b).Count(p => p.First != p.Second);
        Assert.True(100.0 * differing / a.Length <= maxDifferingPercent, $"{100.0 * differing / a.Length:0.00} % of pixels differ");
        // No pixel anywhere, text included (title, bar names, value labels), turns from dark to light or back.
        var flipped = a.Zip(b).Count(p => Images.IsDark(p.First) != Images.IsDark(p.Second));
        Assert.Equal(0, flipped);
    }

    [Fact]
    public void A_picture_of_at_most_256_colours_is_encoded_losslessly_translucent_pixels_included()
    {
        // 200 opaque colours and 40 translucent ones: 240 in all.
        var info = new SKImageInfo(240, 40, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        for (var y = 0; y < 40; y++)
            for (var x = 0; x < 240; x++)
                bitmap.SetPixel(x, y, x < 200 ? new SKColor((byte)x, (byte)(255 - x), (byte)(x * 7), 255)
                    : new SKColor(10, 20, 30, (byte)(40 + (x - 200) * 5)));
        Assert.Equal(240, bitmap.Pixels.Distinct().Count());

        using var pixmap = bitmap.PeekPixels();
        var png = PalettePng.Encode(pixmap);

        Assert.Equal(3, Images.ColourType(png));
        using var decoded = SKBitmap.Decode(png, info);
        Assert.Equal(bitmap.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Every_chunk_of_the_png_has_a_correct_crc_and_the_palette_holds_at_most_256_colours()
    {
        var (chart, samples) = Default();
        var png = _app.Get<ChartRenderer>().Render(chart, samples);

        var chunks = new List<string>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(typeAndData), crc);
            var type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            if (type == "PLTE")
                Assert.True(length % 3 == 0 && length / 3 is > 1 and <= 256, $"PLTE of {length} bytes");
            chunks.Add(type);
            at += 12 + length;
        }
        Assert.Equal(["IHDR", "PLTE", "IDAT", "IEND"], chunks);
    }

    private (ChartRequest Chart, MetricsSample[] Samples) Default() =>
        (new ChartRequest("test-app", ChartKind.Bar, ChartFormat.Png, 1024, 512), History()[^1..]);
}
