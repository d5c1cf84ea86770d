using System.Globalization;
using System.Text;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.Options;
using ScottPlot;
using SkiaSharp;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// Draws a sample as the seed's bar chart: counts and latencies on the left axis, the failure ratio as a
/// percentage on its own right axis (on a shared count axis the seed's 0.06 never showed), every bar labelled
/// with its value. A new <see cref="Plot"/> per call: a plot is not for concurrent use, one per render is.
/// </summary>
public sealed class ChartRenderer(ChartFont font, IOptions<ChartOptions> options)
{
    private static readonly Color CountColor = Color.FromHex("#1f77b4");
    private static readonly Color LatencyColor = Color.FromHex("#ff7f0e");
    private static readonly Color RatioColor = Color.FromHex("#d62728");

    /// <summary>For RGBA PNGs, encoding dominates a chart's cost: with zlib level 1 and the Up filter a 1024×512 bar
    /// chart takes 3.7 ms instead of 14.1 ms, for 13 % more bytes (docs/performance.md).</summary>
    private static readonly SKPngEncoderOptions FastPng = new(SKPngEncoderFilterFlags.Up, zLibLevel: 1);

    /// <summary>zlib level of palette PNGs: the indexed scanlines are a quarter of the RGBA bytes, so level 6 costs
    /// little time and gives the smallest files of the levels measured (docs/performance.md).</summary>
    private const int PaletteZlibLevel = 6;

    /// <summary>The configured PNG encoding; part of a cached chart's key, so its ETag changes with it.</summary>
    public PngEncoding PngEncoding { get; } = options.Value.PngEncoding;

    /// <summary>Draws each kind and format once, so the first user request does not pay SkiaSharp's and
    /// ScottPlot's first-use costs (docs/performance.md).</summary>
    public void WarmUp(IReadOnlyList<MetricsSample> samples)
    {
        foreach (var kind in Enum.GetValues<ChartKind>())
            foreach (var format in Enum.GetValues<ChartFormat>())
                Render(new ChartRequest(samples[^1].AppName, kind, format, ChartRequest.DefaultWidth, ChartRequest.DefaultHeight, samples.Count), samples);
    }

    /// <summary>The chart of <paramref name="samples"/> (oldest first; a bar chart draws the last) as PNG, in the
    /// configured encoding, or SVG bytes. <paramref name="cancellation"/> is checked between the stages (layout,
    /// drawing, encoding): none of them can be stopped halfway, but a render nobody waits for any more ends at the next.</summary>
    public byte[] Render(ChartRequest chart, IReadOnlyList<MetricsSample> samples, CancellationToken cancellation = default)
    {
        var plot = BuildPlot(chart, samples);
        cancellation.ThrowIfCancellationRequested();
        if (chart.Format == ChartFormat.Svg)
            return Encoding.UTF8.GetBytes(plot.GetSvgXml(chart.Width, chart.Height));

        using var surface = Draw(plot, chart);
        cancellation.ThrowIfCancellationRequested();
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        return PngEncoding == PngEncoding.Palette
            ? PalettePng.Encode(pixels, PaletteZlibLevel)
            : (pixels.Encode(FastPng) ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG.")).ToArray();
    }

    private static SKSurface Draw(Plot plot, ChartRequest chart)
    {
        var surface = SKSurface.Create(new SKImageInfo(chart.Width, chart.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {chart.Width}x{chart.Height} surface.");
        plot.Render(surface.Canvas, chart.Width, chart.Height);
        return surface;
    }

    /// <summary>The plot of a chart at its size, not yet drawn: what <see cref="Render"/> draws, and what the legibility
    /// tests lay out. Text shrinks with small charts (down to 60 %), and below about half the default size the chart is
    /// compact: shorter title, axis labels and legend, so that every label keeps its place.</summary>
    public Plot BuildPlot(ChartRequest chart, IReadOnlyList<MetricsSample> samples)
    {
        var scale = (float)Math.Clamp(Math.Min(chart.Width / (double)ChartRequest.DefaultWidth, chart.Height / (double)ChartRequest.DefaultHeight), 0.6, 1.0);
        var compact = chart.Width < 560 || chart.Height < 300;
        return chart.Kind == ChartKind.History ? BuildHistory(samples, scale, compact) : BuildBar(samples[^1], scale, compact);
    }

    private Plot NewPlot(MetricsSample sample, string when, float scale, bool compact)
    {
        var plot = new Plot();
        plot.Font.Set(font.Family);
        var host = string.IsNullOrEmpty(sample.Host) ? "(not reported)" : sample.Host;
        plot.Title(compact
            ? $"{sample.AppName} ({sample.Domain}) on {host}\n{when}"
            : $"AppName: {sample.AppName}   Domain: {sample.Domain}\nHost: {host}   {when}");
        plot.Axes.Title.Label.FontSize = scale * 18;
        // Both kinds: counts and milliseconds on the left axis, the failure ratio in percent on the right.
        plot.Axes.Left.Label.Text = compact ? "count / ms" : "count  /  latency (ms)";
        plot.Axes.Right.Label.Text = compact ? "fail %" : "fail ratio (%)";
        plot.Axes.Left.Label.FontSize = scale * 14;
        plot.Axes.Right.Label.FontSize = scale * 14;
        plot.Axes.Right.Label.ForeColor = RatioColor;
        // Counts and milliseconds are whole numbers: no 0.1 ... 1.1 ticks for a count of 1.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        foreach (var axis in new IAxis[] { plot.Axes.Left, plot.Axes.Right, plot.Axes.Bottom })
            axis.TickLabelStyle.FontSize = scale * 13;
        return plot;
    }

    private static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "";

    private Plot BuildBar(MetricsSample sample, float scale, bool compact)
    {
        var index = sample.PerformanceIndex;
        var plot = NewPlot(sample, Time(sample.Timestamp), scale, compact);

        var values = new List<(string[] Names, double Value, Color Color, string Text)>
        {
            (["FailAmount", "Fails"], index.FailAmount, CountColor, Count(index.FailAmount)),
            (["AccessAmount", "Access", "Reqs"], index.AccessAmount, CountColor, Count(index.AccessAmount)),
            (["MaxConcurrent", "MaxConc", "Conc"], index.MaxConcurrent, CountColor, Count(index.MaxConcurrent)),
            (["MinLatency", "MinLat", "Min"], index.MinLatency, LatencyColor, Ms(index.MinLatency, compact)),
            (["AvgLatency", "AvgLat", "Avg"], index.AvgLatency, LatencyColor, Ms(index.AvgLatency, compact)),
        };
        if (index.MaxLatency is { } max)
            values.Add((["MaxLatency", "MaxLat", "Max"], max, LatencyColor, Ms(max, compact)));

        // Position 0 is FailRatio on the right axis; the rest follow on the left axis.
        var ratioPercent = index.FailRatio * 100;
        var ratioBars = plot.Add.Bars(new[] { new Bar
        {
            Position = 0, Value = ratioPercent, FillColor = RatioColor,
            Label = ratioPercent.ToString("0.0", CultureInfo.InvariantCulture) + (compact ? "%" : " %"),
        } });
        ratioBars.Axes.YAxis = plot.Axes.Right;
        ratioBars.ValueLabelStyle.FontSize = scale * 14;

        var countBars = plot.Add.Bars(values.Select((v, i) => new Bar
        {
            Position = i + 1, Value = v.Value, FillColor = v.Color, Label = v.Text,
        }).ToArray());
        countBars.ValueLabelStyle.FontSize = scale * 14;

        // The bar names: the longest set whose every name fits its bar's width.
        plot.Axes.Bottom.TickGenerator = new CategoryTicks([["FailRatio", "Fail %", "Fail%"], .. values.Select(v => v.Names)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

        var top = Math.Max(1, values.Max(v => v.Value));
        plot.Axes.SetLimits(-0.6, values.Count + 0.6, 0, top * 1.15, plot.Axes.Bottom, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, ratioPercent) * 1.15, plot.Axes.Right);
        return plot;
    }

    /// <summary>Requests, average latency and failure ratio over time: counts and milliseconds on the left axis,
    /// the ratio in percent on the right, a legend naming each line. The time axis shows times of day (UTC); the
    /// date is in the title, once.</summary>
    private Plot BuildHistory(IReadOnlyList<MetricsSample> samples, float scale, bool compact)
    {
        var last = samples[^1];
        var (from, to) = (samples[0].Timestamp, last.Timestamp);
        var sameDay = from?.UtcDateTime.Date == to?.UtcDateTime.Date;
        var plot = NewPlot(last, $"{Time(from)} to {(sameDay ? Time(to)[11..] : Time(to))}", scale, compact);
        var times = samples.Select(s => (s.Timestamp ?? DateTimeOffset.UnixEpoch).UtcDateTime).ToArray();

        var access = plot.Add.Scatter(times, samples.Select(s => (double)s.PerformanceIndex.AccessAmount).ToArray(), CountColor);
        access.LegendText = compact ? "requests" : "requests (AccessAmount)";
        var latency = plot.Add.Scatter(times, samples.Select(s => (double)s.PerformanceIndex.AvgLatency).ToArray(), LatencyColor);
        latency.LegendText = compact ? "avg ms" : "avg latency (ms)";
        var ratio = plot.Add.Scatter(times, samples.Select(s => s.PerformanceIndex.FailRatio * 100).ToArray(), RatioColor);
        ratio.LegendText = compact ? "fail %" : "fail ratio (%, right axis)";
        ratio.Axes.YAxis = plot.Axes.Right;
        foreach (var line in new[] { access, latency, ratio })
        {
            line.LineWidth = compact ? 1.5f : 2;
            line.MarkerSize = samples.Count > 60 || compact ? 0 : 4;
        }

        var span = times[^1] - times[0];
        var format = span < TimeSpan.FromHours(1) ? "HH:mm:ss" : span < TimeSpan.FromDays(1) ? "HH:mm" : "MM-dd HH:mm";
        plot.Axes.Bottom.TickGenerator = new TimeTicks(dt => dt.ToString(format, CultureInfo.InvariantCulture));
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Max(1, samples.Max(s => Math.Max(s.PerformanceIndex.AccessAmount, s.PerformanceIndex.AvgLatency))) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, samples.Max(s => s.PerformanceIndex.FailRatio * 100)) * 1.1, plot.Axes.Right);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        // Items as wide as their text, the same gap between each: not aligned in columns of the widest.
        plot.Legend.TightHorizontalWrapping = true;
        plot.Legend.FontSize = scale * 13;
        plot.Legend.SymbolWidth = scale * 20;
        if (compact)
        {
            // A small chart's legend takes no more height than one line of its text needs.
            plot.Legend.Padding = new PixelPadding(3);
            plot.Legend.InterItemPadding = new PixelPadding(3);
            plot.Legend.ShadowOffset = new PixelOffset(0, 0);
        }
        return plot;
    }

    /// <summary>Bar names, one set of each bar's names longest first: the first set in which every name fits its bar's
    /// share of the axis with a gap, else the shortest.</summary>
    private sealed class CategoryTicks(string[][] names) : ITickGenerator
    {
        public Tick[] Ticks { get; set; } = [];

        public int MaxTickCount { get; set; } = 100;

        public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
        {
            var perBar = size.Length / range.Span;
            var levels = names.Max(n => n.Length);
            string Name(int bar, int level) => names[bar][Math.Min(level, names[bar].Length - 1)];
            var level = Enumerable.Range(0, levels).FirstOrDefault(l =>
                Enumerable.Range(0, names.Length).All(bar => labelStyle.Measure(Name(bar, l), paint).Size.Width + 6 <= perBar), levels - 1);
            Ticks = Enumerable.Range(0, names.Length).Select(bar => Tick.Major(bar, Name(bar, level))).ToArray();
        }
    }

    /// <summary>ScottPlot's own time ticks (spaced so that their labels do not collide), labelled by
    /// <paramref name="label"/>, without a tick whose label would reach past either end of the axis into the
    /// neighbouring axis's labels.</summary>
    private sealed class TimeTicks(Func<DateTime, string> label) : ITickGenerator
    {
        private readonly ScottPlot.TickGenerators.DateTimeAutomatic _inner = new() { LabelFormatter = label };

        public Tick[] Ticks { get; set; } = [];

        public int MaxTickCount { get => _inner.MaxTickCount; set => _inner.MaxTickCount = value; }

        public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
        {
            _inner.Regenerate(range, edge, size, paint, labelStyle);
            var pixelsPerUnit = size.Length / range.Span;
            Ticks = _inner.Ticks.Where(t => !t.IsMajor || t.Label.Length == 0
                || (Math.Min(t.Position - range.Min, range.Max - t.Position) * pixelsPerUnit >= labelStyle.Measure(t.Label, paint).Width / 2 + 2)).ToArray();
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(long value, bool compact) => value.ToString(CultureInfo.InvariantCulture) + (compact ? "ms" : " ms");
}
