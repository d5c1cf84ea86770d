using System.Xml.Linq;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

namespace FunctionsMonitor.Tests;

/// <summary>The renderer itself, without a host.</summary>
public sealed class RendererTests
{
    [Theory]
    [InlineData(ChartKind.Bar)]
    [InlineData(ChartKind.History)]
    public void The_fast_rgba_png_encoding_decodes_to_the_picture_and_stays_within_twice_the_default_encoders_bytes(ChartKind kind)
    {
        using var app = new AppServices(new Dictionary<string, string?> { ["Chart:PngEncoding"] = "Rgba" });
        var samples = app.Get<MetricsSimulator>().History(app.Get<Catalogue>().Simulated[0], 60);

        var fast = app.Get<ChartRenderer>().Render(new ChartRequest("test-app", kind, ChartFormat.Png, 1024, 512, 60), samples);

        using var picture = Images.Decode(fast);
        using var reference = SKImage.FromBitmap(picture).Encode(SKEncodedImageFormat.Png, 100);
        using var again = Images.Decode(reference.ToArray());
        Assert.Equal((1024, 512), (picture.Width, picture.Height));
        Assert.True(picture.GetPixelSpan().SequenceEqual(again.GetPixelSpan()), "the picture does not survive a round trip");
        // Faster for somewhat more bytes; a bound keeps a regression to huge files visible.
        Assert.InRange(fast.Length, reference.Size, reference.Size * 2);
    }
}
