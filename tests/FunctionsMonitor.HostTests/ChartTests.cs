using System.Net;
using System.Xml.Linq;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

namespace FunctionsMonitor.HostTests;

/// <summary><c>GET /api/chart</c> through the real host: what a browser gets.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class ChartTests(DefaultHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Host.Http;

    [Fact]
    public async Task Chart_returns_a_1024x512_png_by_default()
    {
        using var response = await _http.GetAsync("api/chart");
        var png = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Header("Content-Type"));
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.Equal(Environment.MachineName, response.Header("X-Served-By"));
        using var image = Images.Decode(png);
        Assert.Equal((1024, 512), (image.Width, image.Height));
        Images.Save(png, "chart-default.png");
    }

    [Fact]
    public async Task Chart_draws_visible_text_in_the_title_and_under_the_bars()
    {
        using var image = Images.Decode(await _http.GetByteArrayAsync("api/chart"));

        // Without a usable font ScottPlot leaves these bands blank; with one they hold the title's glyphs
        // and the bar names. Thresholds are far below what the text draws and far above zero.
        var title = Images.DarkPixels(image, 0, 60, 100, 924);
        var barNames = Images.DarkPixels(image, 470, 505, 80, 960);
        Assert.True(title > 800, $"title band has {title} dark pixels");
        Assert.True(barNames > 800, $"bar-name band has {barNames} dark pixels");
    }

    [Fact]
    public async Task Chart_shows_the_fail_ratio_count_and_latency_bars_in_their_colours()
    {
        using var image = Images.Decode(await _http.GetByteArrayAsync("api/chart"));

        Assert.True(Images.PixelsNear(image, SKColor.Parse("#d62728")) > 50, "no red fail-ratio bar");
        Assert.True(Images.PixelsNear(image, SKColor.Parse("#1f77b4")) > 500, "no blue count bars");
        Assert.True(Images.PixelsNear(image, SKColor.Parse("#ff7f0e")) > 500, "no orange latency bars");
    }

    [Theory]
    [InlineData(320, 200)]
    [InlineData(800, 600)]
    [InlineData(2048, 1024)]
    public async Task Chart_has_the_asked_size(int width, int height)
    {
        using var response = await _http.GetAsync($"api/chart?width={width}&height={height}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var image = Images.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Fact]
    public async Task Chart_as_svg_is_well_formed_xml_of_the_asked_size_with_the_bar_names()
    {
        using var response = await _http.GetAsync("api/chart?format=SVG&width=800&height=400");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Header("Content-Type"));
        var svg = XDocument.Parse(text).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("800", svg.Attribute("width")?.Value);
        Assert.Equal("400", svg.Attribute("height")?.Value);
        foreach (var name in new[] { "FailRatio", "AccessAmount", "AvgLatency", "AppName: test-app" })
            Assert.Contains(name, text);
    }

    [Fact]
    public async Task Chart_ignores_unknown_query_parameters_such_as_cache_busters()
    {
        using var response = await _http.GetAsync("api/chart?_=1732581234567&theme=dark");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("?width=abc", "width")]
    [InlineData("?width=100", "width")]
    [InlineData("?width=4096", "width")]
    [InlineData("?width=-5", "width")]
    [InlineData("?height=0", "height")]
    [InlineData("?height=99999999999", "height")]
    [InlineData("?format=gif", "format")]
    [InlineData("?format=1", "format")]
    [InlineData("?app=", "app")]
    [InlineData("?app=bad%20name", "app")]
    [InlineData("?app=-leading-dash", "app")]
    public async Task Chart_with_a_bad_parameter_value_is_a_400_problem_naming_it(string query, string parameter)
    {
        var problem = await _http.GetAsync("api/chart" + query).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"'{parameter}'", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("?app=test-app&app=other", "app")]
    [InlineData("?width=800&width=900", "width")]
    [InlineData("?kind=bar&kind=bar&kind=bar", "kind")]
    public async Task Chart_with_a_parameter_given_twice_is_a_400_that_says_so(string query, string parameter)
    {
        var problem = await _http.GetAsync("api/chart" + query).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"'{parameter}'", problem.GetProperty("title").GetString());
        Assert.Contains($"{parameter} is given", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Chart_of_an_unknown_app_is_a_404_problem_listing_the_known_apps()
    {
        var problem = await _http.GetAsync("api/chart?app=no-such-app").ProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("test-app", problem.GetProperty("detail").GetString());
    }
}
