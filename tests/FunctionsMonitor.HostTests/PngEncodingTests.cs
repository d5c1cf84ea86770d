using FunctionsMonitor.ChartFunction;
using System.Net;
using SkiaSharp;

namespace FunctionsMonitor.HostTests;

/// <summary>The encodings as served: palette by default, RGBA as a setting, each with its own ETag.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class PngEncodingTests(DefaultHostFixture fixture)
{
    [Fact]
    public async Task The_default_chart_is_an_indexed_colour_png()
    {
        using var response = await fixture.Host.Http.GetAsync("api/chart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Header("Content-Type"));
        Assert.Equal(3, Images.ColourType(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Rgba_stays_available_as_a_setting_and_the_etag_changes_with_the_encoding()
    {
        await using var rgbaHost = await AppHost.StartPublishedAsync("rgba", Side.All,
            new Dictionary<string, string?>(DefaultHostFixture.Catalogue) { ["Chart__PngEncoding"] = "Rgba" });

        var (rgba, palette, svgs) = await Buckets.WithinOneAsync(async () => (
            await rgbaHost.Http.GetAsync("api/chart"), await fixture.Host.Http.GetAsync("api/chart"),
            (await rgbaHost.Http.GetAsync("api/chart?format=svg"), await fixture.Host.Http.GetAsync("api/chart?format=svg"))));

        Assert.Equal(6, Images.ColourType(await rgba.Content.ReadAsByteArrayAsync()));
        Assert.Equal(3, Images.ColourType(await palette.Content.ReadAsByteArrayAsync()));
        Assert.Equal("image/png", rgba.Header("Content-Type"));
        Assert.NotEqual(rgba.Header("ETag"), palette.Header("ETag"));
        // SVG is not affected by the PNG encoding: the same ETag.
        Assert.Equal("image/svg+xml", svgs.Item1.Header("Content-Type"));
        Assert.Equal(svgs.Item1.Header("ETag"), svgs.Item2.Header("ETag"));
    }
}
