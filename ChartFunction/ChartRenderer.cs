using System.Globalization;
using System.Text;
using FunctionsMonitor.Metrics;
using Microsoft.Extensions.Options;
using ScottPlot;
using SkiaSharp;

namespace FunctionsMonitor.Charts;

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
    /// configured encoding, or SVG bytes.</summary>
    public byte[] Render(ChartRequest chart, IReadOnlyList<MetricsSample> samples)
    {
        // Text shrinks with narrow charts (down to 70 %) so that the seven bar names still fit side by side.
        var scale = (float)Math.Clamp(chart.Width / 1024.0, 0.7, 1.0);
        var plot = chart.Kind == ChartKind.History ? BuildHistory(samples, scale) : BuildBar(samples[^1], scale);
        if (chart.Format == ChartFormat.Svg)
            return Encoding.UTF8.GetBytes(plot.GetSvgXml(chart.Width, chart.Height));

        using var surface = SKSurface.Create(new SKImageInfo(chart.Width, chart.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {chart.Width}x{chart.Height} surface.");
        plot.Render(surface.Canvas, chart.Width, chart.Height);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        return PngEncoding == PngEncoding.Palette
            ? PalettePng.Encode(pixels, PaletteZlibLevel)
            : (pixels.Encode(FastPng) ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG.")).ToArray();
    }

    private Plot NewPlot(MetricsSample sample, string when, float scale)
    {
        var plot = new Plot();
        plot.Font.Set(font.Family);
        var host = string.IsNullOrEmpty(sample.Host) ? "(not reported)" : sample.Host;
        plot.Title($"AppName: {sample.AppName}   Domain: {sample.Domain}\nHost: {host}   {when}");
        plot.Axes.Title.Label.FontSize = scale * 18;
        // Both kinds: counts and milliseconds on the left axis, the failure ratio in percent on the right.
        plot.Axes.Left.Label.Text = "count  /  latency (ms)";
        plot.Axes.Right.Label.Text = "fail ratio (%)";
        plot.Axes.Left.Label.FontSize = scale * 14;
        plot.Axes.Right.Label.FontSize = scale * 14;
        plot.Axes.Right.Label.ForeColor = RatioColor;
        return plot;
    }

    private static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "";

    private Plot BuildBar(MetricsSample sample, float scale)
    {
        var index = sample.PerformanceIndex;
        var plot = NewPlot(sample, Time(sample.Timestamp), scale);

        var values = new List<(string Label, double Value, Color Color, string Text)>
        {
            ("FailAmount", index.FailAmount, CountColor, Count(index.FailAmount)),
            ("AccessAmount", index.AccessAmount, CountColor, Count(index.AccessAmount)),
            ("MaxConcurrent", index.MaxConcurrent, CountColor, Count(index.MaxConcurrent)),
            ("MinLatency", index.MinLatency, LatencyColor, Ms(index.MinLatency)),
            ("AvgLatency", index.AvgLatency, LatencyColor, Ms(index.AvgLatency)),
        };
        if (index.MaxLatency is { } max)
            values.Add(("MaxLatency", max, LatencyColor, Ms(max)));

        // Position 0 is FailRatio on the right axis; the rest follow on the left axis.
        var ratioPercent = index.FailRatio * 100;
        var ratioBars = plot.Add.Bars(new[] { new Bar
        {
            Position = 0, Value = ratioPercent, FillColor = RatioColor,
            Label = ratioPercent.ToString("0.0", CultureInfo.InvariantCulture) + " %",
        } });
        ratioBars.Axes.YAxis = plot.Axes.Right;
        ratioBars.ValueLabelStyle.FontSize = scale * 14;

        var countBars = plot.Add.Bars(values.Select((v, i) => new Bar
        {
            Position = i + 1, Value = v.Value, FillColor = v.Color, Label = v.Text,
        }).ToArray());
        countBars.ValueLabelStyle.FontSize = scale * 14;

        string[] labels = ["FailRatio", .. values.Select(v => v.Label)];
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
        plot.Axes.Bottom.TickLabelStyle.FontSize = scale * 13;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

        var top = Math.Max(1, values.Max(v => v.Value));
        plot.Axes.SetLimits(-0.6, labels.Length - 0.4, 0, top * 1.15, plot.Axes.Bottom, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, ratioPercent) * 1.15, plot.Axes.Right);
        return plot;
    }

    /// <summary>Requests, average latency and failure ratio over time: counts and milliseconds on the left axis,
    /// the ratio in percent on the right, a legend naming each line.</summary>
    private Plot BuildHistory(IReadOnlyList<MetricsSample> samples, float scale)
    {
        var last = samples[^1];
        var plot = NewPlot(last, $"{Time(samples[0].Timestamp)} to {Time(last.Timestamp)[11..]}", scale);
        var times = samples.Select(s => (s.Timestamp ?? DateTimeOffset.UnixEpoch).UtcDateTime).ToArray();

        var access = plot.Add.Scatter(times, samples.Select(s => (double)s.PerformanceIndex.AccessAmount).ToArray(), CountColor);
        access.LegendText = "requests (AccessAmount)";
        var latency = plot.Add.Scatter(times, samples.Select(s => (double)s.PerformanceIndex.AvgLatency).ToArray(), LatencyColor);
        latency.LegendText = "avg latency (ms)";
        var ratio = plot.Add.Scatter(times, samples.Select(s => s.PerformanceIndex.FailRatio * 100).ToArray(), RatioColor);
        ratio.LegendText = "fail ratio (%, right axis)";
        ratio.Axes.YAxis = plot.Axes.Right;
        foreach (var line in new[] { access, latency, ratio })
        {
            line.LineWidth = 2;
            line.MarkerSize = samples.Count > 60 ? 0 : 4;
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Bottom.TickLabelStyle.FontSize = scale * 13;
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Max(1, samples.Max(s => Math.Max(s.PerformanceIndex.AccessAmount, s.PerformanceIndex.AvgLatency))) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, samples.Max(s => s.PerformanceIndex.FailRatio * 100)) * 1.1, plot.Axes.Right);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = scale * 13;
        return plot;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture) + " ms";
}
