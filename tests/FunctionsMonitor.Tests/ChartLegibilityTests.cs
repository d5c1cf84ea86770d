using System.Globalization;
using System.Text.RegularExpressions;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using ScottPlot;
using SkiaSharp;

namespace FunctionsMonitor.Tests;

/// <summary>Charts a person can read at every size the API accepts: at the corners of the allowed range, at the
/// dashboard's size and the default, both kinds, no two pieces of text overlap and every piece stays inside the image
/// (boxes from ScottPlot's layout and text measure of the plot the renderer builds); the history's
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
        return LayOut(_app.Get<ChartRenderer>(), new ChartRequest(samples[^1].AppName, kind, ChartFormat.Png, width, height, samples.Length), samples);
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
        foreach (var label in LayOut(renderer, chart, samples).Where(l => l.Where is "title" or "bottom tick"))
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

    /// <summary>Where the chart's text lands in pixels: the title and axis labels as ScottPlot last drew them, each
    /// tick label and bar value label at its tick or bar, sized by ScottPlot's own text measure, and the legend's
    /// items as its layout places them.</summary>
    private static IReadOnlyList<ChartLabel> LayOut(ChartRenderer renderer, ChartRequest chart, IReadOnlyList<MetricsSample> samples)
    {
        var plot = renderer.BuildPlot(chart, samples);
        using var drawn = plot.GetImage(chart.Width, chart.Height);
        var data = plot.LastRender.DataRect;
        using var paint = Paint.NewDisposablePaint();
        var labels = new List<ChartLabel>();
        void Add(string where, string text, PixelRect box)
        {
            if (text.Length > 0 && box.Width > 0)
                labels.Add(new ChartLabel(where, text, box.Left, box.Top, box.Right, box.Bottom));
        }

        Add("title", plot.Axes.Title.Label.Text, Drawn(plot.Axes.Title.Label));
        Add("left axis", plot.Axes.Left.Label.Text, Drawn(plot.Axes.Left.Label));
        Add("right axis", plot.Axes.Right.Label.Text, Drawn(plot.Axes.Right.Label));
        foreach (var (axis, edge) in new (IAxis Axis, Edge Edge)[] { (plot.Axes.Bottom, Edge.Bottom), (plot.Axes.Left, Edge.Left), (plot.Axes.Right, Edge.Right) })
        {
            var style = axis.TickLabelStyle;
            var gap = axis.MajorTickStyle.Length + style.PixelPadding.Top;
            foreach (var tick in axis.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0 && axis.Range.Contains(t.Position)))
            {
                var size = style.Measure(tick.Label, paint).Size;
                var at = edge == Edge.Bottom
                    ? plot.GetPixel(new Coordinates(tick.Position, plot.Axes.Left.Min), plot.Axes.Bottom, plot.Axes.Left).X
                    : plot.GetPixel(new Coordinates(plot.Axes.Bottom.Min, tick.Position), plot.Axes.Bottom, (IYAxis)axis).Y;
                Add($"{edge.ToString().ToLowerInvariant()} tick", tick.Label, edge switch
                {
                    Edge.Bottom => new PixelRect(at - size.Width / 2, at + size.Width / 2, data.Bottom + gap + size.Height, data.Bottom + gap),
                    Edge.Left => new PixelRect(data.Left - gap - size.Width, data.Left - gap, at + size.Height / 2, at - size.Height / 2),
                    _ => new PixelRect(data.Right + gap, data.Right + gap + size.Width, at + size.Height / 2, at - size.Height / 2),
                });
            }
        }
        foreach (var bars in plot.GetPlottables<ScottPlot.Plottables.BarPlot>())
            foreach (var bar in bars.Bars)
            {
                var size = bars.ValueLabelStyle.Measure(bar.Label, paint).Size;
                var top = plot.GetPixel(new Coordinates(bar.Position, bar.Value), bars.Axes.XAxis, bars.Axes.YAxis);
                Add("bar value", bar.Label, new PixelRect(top.X - size.Width / 2, top.X + size.Width / 2, top.Y - bars.ValueLabelStyle.PixelPadding.Bottom, top.Y - bars.ValueLabelStyle.PixelPadding.Bottom - size.Height));
            }
        if (plot.Legend.GetItems().Length > 0)
        {
            // Symbol and text of each item, within the legend's own box (its place in the figure is ScottPlot's).
            var layout = plot.Legend.GetLayout(new PixelSize(chart.Width, chart.Height), paint);
            for (var i = 0; i < layout.LabelRects.Length; i++)
            {
                var (symbol, text) = (layout.SymbolRects[i], layout.LabelRects[i]);
                Add("legend item", layout.LegendItems[i].LabelText ?? "", new PixelRect(Math.Min(symbol.Left, text.Left), Math.Max(symbol.Right, text.Right),
                    Math.Max(symbol.Bottom, text.Bottom), Math.Min(symbol.Top, text.Top)));
            }
        }
        return labels;
    }

    /// <summary>A label's box as drawn: ScottPlot records the box before rotation, and rotates it about the point its
    /// alignment anchors (an axis label: its upper centre).</summary>
    private static PixelRect Drawn(LabelStyle label)
    {
        var box = label.LastRenderPixelRect;
        if (label.Rotation == 0)
            return box;
        var name = label.Alignment.ToString();
        var anchor = new Pixel(
            name.EndsWith("Left", StringComparison.Ordinal) ? box.Left : name.EndsWith("Right", StringComparison.Ordinal) ? box.Right : box.HorizontalCenter,
            name.StartsWith("Upper", StringComparison.Ordinal) ? box.Top : name.StartsWith("Lower", StringComparison.Ordinal) ? box.Bottom : box.VerticalCenter);
        var (sin, cos) = Math.SinCos(label.Rotation * Math.PI / 180);
        var corners = new[] { (box.Left, box.Top), (box.Right, box.Top), (box.Left, box.Bottom), (box.Right, box.Bottom) }
            .Select(c => (X: anchor.X + (c.Item1 - anchor.X) * cos - (c.Item2 - anchor.Y) * sin, Y: anchor.Y + (c.Item1 - anchor.X) * sin + (c.Item2 - anchor.Y) * cos))
            .ToList();
        return new PixelRect((float)corners.Min(c => c.X), (float)corners.Max(c => c.X), (float)corners.Max(c => c.Y), (float)corners.Min(c => c.Y));
    }

    /// <summary>One piece of a chart's text and its box in pixels (left, top, right, bottom; y grows downwards).</summary>
    private sealed record ChartLabel(string Where, string Text, float Left, float Top, float Right, float Bottom)
    {
        public bool Overlaps(ChartLabel other) =>
            Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

        public override string ToString() => $"{Where} '{Text}' [{Left:0},{Top:0} - {Right:0},{Bottom:0}]";
    }
}
