using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using SkiaSharp;

namespace FunctionsMonitor.Tests;

/// <summary>Charts a person can read at every size the API accepts: at the corners of the allowed range, at the
/// dashboard's size and the default, both kinds, no two pieces of text overlap and every piece stays inside the image
/// (boxes as <see cref="ChartRenderer.LayOut"/> reports them from ScottPlot's layout and text measure); the history's
/// time ticks are times of day with the date once, in the title; counts get whole-number ticks; and each picture still
/// draws visible text where its labels are.</summary>
public sealed partial class ChartLegibilityTests : IDisposable
{
    private readonly AppServices _app = new();

    public static TheoryData<ChartKind, int, int> Sizes()
    {
        var data = new TheoryData<ChartKind, int, int>();
        foreach (var kind in Enum.GetValues<ChartKind>())
            foreach (var (w, h) in new[] { (ChartRequest.MinWidth, ChartRequest.MinHeight), (ChartRequest.MinWidth, ChartRequest.MaxHeight),
                         (ChartRequest.MaxWidth, ChartRequest.MinHeight), (ChartRequest.MaxWidth, ChartRequest.MaxHeight), (400, 250), (560, 300), (800, 400),
                         (ChartRequest.DefaultWidth, ChartRequest.DefaultHeight) })
                data.Add(kind, w, h);
        return data;
    }

    private MetricsSample[] Samples(ChartKind kind, int seconds = 60)
    {
        var simulator = _app.Get<MetricsSimulator>();
        var app = _app.Get<Catalogue>().Simulated[0];
        return kind == ChartKind.Bar ? [simulator.Current(app)] : simulator.History(app, seconds);
    }

    private IReadOnlyList<ChartLabel> LayOut(ChartKind kind, int width, int height, MetricsSample[]? samples = null)
    {
        samples ??= Samples(kind);
        return _app.Get<ChartRenderer>().LayOut(new ChartRequest(samples[^1].AppName, kind, ChartFormat.Png, width, height, samples.Length), samples);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void No_two_labels_overlap_and_every_label_stays_inside_the_image(ChartKind kind, int width, int height)
    {
        var samples = Samples(kind);
        var labels = LayOut(kind, width, height, samples);
        // The picture, to look at: TestResults/pictures/legibility/.
        Directory.CreateDirectory(Path.Combine(Images.Pictures, "legibility"));
        Images.Save(_app.Get<ChartRenderer>().Render(new ChartRequest(samples[^1].AppName, kind, ChartFormat.Png, width, height, samples.Length), samples),
            Path.Combine("legibility", $"{kind.ToString().ToLowerInvariant()}-{width}x{height}.png"));

        Assert.Contains(labels, l => l.Where == "title");
        Assert.True(labels.Count(l => l.Where == "bottom tick") >= (kind == ChartKind.Bar ? 7 : 2), string.Join('\n', labels));
        var outside = labels.Where(l => l.Left < 0 || l.Top < 0 || l.Right > width || l.Bottom > height).ToList();
        Assert.True(outside.Count == 0, $"{kind} {width}x{height}, outside the image:\n" + string.Join('\n', outside));
        // Legend items are boxed within the legend (its place in the figure is ScottPlot's own): each against the others.
        var overlapping = labels.SelectMany((a, i) => labels.Skip(i + 1).Where(b => (a.Where == "legend item") == (b.Where == "legend item") && a.Overlaps(b))
            .Select(b => $"{a}\n  and {b}")).ToList();
        Assert.True(overlapping.Count == 0, $"{kind} {width}x{height}, overlapping:\n" + string.Join('\n', overlapping));
        // The legend's items in one row, the same gap between each.
        var legend = labels.Where(l => l.Where == "legend item").OrderBy(l => l.Left).ToList();
        Assert.Equal(kind == ChartKind.History ? 3 : 0, legend.Count);
        Assert.True(legend.Select(l => l.Top).Distinct().Count() <= 1, string.Join('\n', legend));
        var gaps = legend.Zip(legend.Skip(1), (a, b) => b.Left - a.Right).ToList();
        Assert.True(gaps.Count == 0 || gaps.Max() - gaps.Min() <= 1, "legend gaps: " + string.Join(", ", gaps));
    }

    [Theory]
    [InlineData(60, @"^\d\d:\d\d:\d\d$")]
    [InlineData(3600 * 3, @"^\d\d:\d\d$")]
    public void History_ticks_are_times_of_day_and_the_date_is_in_the_title_once(int seconds, string tick)
    {
        var samples = Samples(ChartKind.History, seconds);
        var labels = LayOut(ChartKind.History, 800, 400, samples);

        var ticks = labels.Where(l => l.Where == "bottom tick").Select(l => l.Text).ToList();
        Assert.True(ticks.Count >= 3, string.Join(", ", ticks));
        Assert.All(ticks, t => Assert.Matches(tick, t));
        var date = samples[^1].Timestamp!.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = string.Join('\n', labels.Select(l => l.Text));
        Assert.Single(Regex.Matches(text, Regex.Escape(date)));
        Assert.DoesNotMatch(@"\d\d/\d\d/\d{4}", text);
        Assert.Contains(date, labels.Single(l => l.Where == "title").Text);
    }

    [Theory]
    [InlineData(ChartKind.Bar)]
    [InlineData(ChartKind.History)]
    public void Counts_get_whole_number_ticks_even_when_every_count_is_small(ChartKind kind)
    {
        var samples = Samples(kind).Select(s => s with
        {
            PerformanceIndex = s.PerformanceIndex with { AccessAmount = 1, FailAmount = 0, FailRatio = 0, MaxConcurrent = 1, MinLatency = 1, AvgLatency = 1, MaxLatency = 1 },
        }).ToArray();

        var ticks = LayOut(kind, 800, 400, samples).Where(l => l.Where == "left tick").Select(l => l.Text).ToList();

        Assert.NotEmpty(ticks);
        Assert.All(ticks, t => Assert.Matches(@"^\d+$", t));
    }

    [Fact]
    public void The_smallest_bar_chart_names_every_bar_shortly_and_the_default_names_them_in_full()
    {
        string[] Names(int width, int height) => LayOut(ChartKind.Bar, width, height).Where(l => l.Where == "bottom tick").Select(l => l.Text).ToArray();

        Assert.Equal(["FailRatio", "FailAmount", "AccessAmount", "MaxConcurrent", "MinLatency", "AvgLatency", "MaxLatency"], Names(ChartRequest.DefaultWidth, ChartRequest.DefaultHeight));
        var small = Names(ChartRequest.MinWidth, ChartRequest.MinHeight);
        Assert.Equal(7, small.Length);
        Assert.All(small, n => Assert.True(n.Length <= 7, n));
    }

    [Theory]
    [InlineData(ChartKind.Bar)]
    [InlineData(ChartKind.History)]
    public void The_smallest_chart_still_draws_visible_text_where_its_labels_are(ChartKind kind)
    {
        var samples = Samples(kind);
        var chart = new ChartRequest(samples[^1].AppName, kind, ChartFormat.Png, ChartRequest.MinWidth, ChartRequest.MinHeight, samples.Length);
        var renderer = _app.Get<ChartRenderer>();
        using var image = SKBitmap.Decode(renderer.Render(chart, samples));

        Assert.Equal((ChartRequest.MinWidth, ChartRequest.MinHeight), (image.Width, image.Height));
        foreach (var label in renderer.LayOut(chart, samples).Where(l => l.Where is "title" or "bottom tick"))
        {
            var dark = 0;
            for (var y = (int)label.Top; y < (int)Math.Ceiling(label.Bottom); y++)
                for (var x = (int)label.Left; x < (int)Math.Ceiling(label.Right); x++)
                    if (Images.IsDark(image.GetPixel(x, y)))
                        dark++;
            Assert.True(dark >= 3, $"{label}: {dark} dark pixels");
        }
    }

    public void Dispose() => _app.Dispose();
}
