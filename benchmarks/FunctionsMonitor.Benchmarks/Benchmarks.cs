using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using OpenTelemetry.Trace;
using BenchmarkDotNet.Attributes;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Tests;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FunctionsMonitor.Benchmarks;

/// <summary>Drawing and encoding one chart, no cache: where a chart's time goes.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RenderBenchmarks
{
    private TestApp _app = null!;
    private ChartRenderer _renderer = null!;
    private MetricsSample[] _history = null!;
    private MetricsSample[] _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The instant of the `sizes` table: every run draws the same values.
        var clock = new ManualTime(Tools.Reference);
        _app = TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(clock)).GetAwaiter().GetResult();
        _renderer = _app.Services.GetRequiredService<ChartRenderer>();
        _history = _app.Services.GetRequiredService<MetricsSimulator>().History("test-app", 60)!;
        _current = [_history[^1]];
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static ChartRequest Bar(ChartFormat format, int width = 1024, int height = 512) =>
        new("test-app", ChartKind.Bar, format, width, height);

    [Benchmark(Description = "bar 1024x512 PNG, RGBA default encoder")]
    public byte[] BarPngDefault() => _renderer.Render(Bar(ChartFormat.Png), _current, SKPngEncoderOptions.Default);

    [Benchmark(Baseline = true, Description = "bar 1024x512 PNG, RGBA fast encoder (before)")]
    public byte[] BarPngFast() => _renderer.Render(Bar(ChartFormat.Png), _current, PngEncoding.Rgba);

    [Benchmark(Description = "bar 1024x512 PNG, palette (after, the default)")]
    public byte[] BarPngPalette() => _renderer.Render(Bar(ChartFormat.Png), _current, PngEncoding.Palette);

    /// <summary>A library quantizer for comparison: ImageSharp 2.1.13's Wu quantizer and palette PNG encoder, from the
    /// same pixels (copying them into ImageSharp's image is part of its cost, as it would be in the app).</summary>
    [Benchmark(Description = "bar 1024x512 PNG, palette by ImageSharp (Wu)")]
    public byte[] BarPngImageSharp() => _renderer.Draw(Bar(ChartFormat.Png), _current, pixels =>
    {
        using var image = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgba32>(pixels.GetPixelSpan(), 1024, 512);
        using var output = new MemoryStream();
        image.Save(output, new SixLabors.ImageSharp.Formats.Png.PngEncoder
        {
            ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Palette,
            Quantizer = new SixLabors.ImageSharp.Processing.Processors.Quantization.WuQuantizer(
                new SixLabors.ImageSharp.Processing.Processors.Quantization.QuantizerOptions { Dither = null }),
        });
        return output.ToArray();
    });

    [Benchmark(Description = "bar 1024x512 SVG")]
    public byte[] BarSvg() => _renderer.Render(Bar(ChartFormat.Svg), _current);

    [Benchmark(Description = "bar 2048x1024 PNG, RGBA fast encoder (largest, before)")]
    public byte[] BarPngLargest() => _renderer.Render(Bar(ChartFormat.Png, 2048, 1024), _current, PngEncoding.Rgba);

    [Benchmark(Description = "bar 2048x1024 PNG, palette (largest, after)")]
    public byte[] BarPngLargestPalette() => _renderer.Render(Bar(ChartFormat.Png, 2048, 1024), _current, PngEncoding.Palette);

    [Benchmark(Description = "history 60 s 1024x512 PNG, RGBA fast encoder (before)")]
    public byte[] HistoryPng() => _renderer.Render(History, _history, PngEncoding.Rgba);

    [Benchmark(Description = "history 60 s 1024x512 PNG, palette (after)")]
    public byte[] HistoryPngPalette() => _renderer.Render(History, _history, PngEncoding.Palette);

    private static readonly ChartRequest History = new("test-app", ChartKind.History, ChartFormat.Png, 1024, 512, 60);

    /// <summary>Only the drawing: the plot rendered to a surface and snapshotted, as every encoder gets it; not encoded.</summary>
    [Benchmark(Description = "bar 1024x512 drawing only (no encoding)")]
    public int BarDrawOnly() => _renderer.Draw(Bar(ChartFormat.Png), _current, pixels => pixels.Width);
}

/// <summary>The metrics side: one sample and its JSON.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class MetricsBenchmarks
{
    private TestApp _app = null!;
    private MetricsSimulator _simulator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = TestApp.StartAsync().GetAwaiter().GetResult();
        _simulator = _app.Services.GetRequiredService<MetricsSimulator>();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "sample + JSON serialization")]
    public byte[] SampleJson() => JsonSerializer.SerializeToUtf8Bytes(_simulator.Current("test-app")!, MetricsJsonContext.Default.MetricsSample);

    [Benchmark(Description = "MetricsFunction invocation")]
    public async Task<int> MetricsInvocation() => (await _app.MetricsAsync("test-app")).BodyBytes.Length;
}

/// <summary>What telemetry is on around an invocation.</summary>
public enum Telemetry
{
    /// <summary>The slices alone, the function called directly: no middleware, no listener (before observability).</summary>
    None,

    /// <summary>The whole app: the invocation middleware in the path and Prometheus' adapter listening to every
    /// instrument; traces not sampled.</summary>
    Metrics,

    /// <summary>As <see cref="Metrics"/>, plus the worker's invocation span and the app's spans, all sampled and
    /// recorded (not exported: export is batched off the request path).</summary>
    MetricsAndTraces,
}

/// <summary>One whole ChartFunction invocation through the app's own service registration (in-process metrics source)
/// and, with telemetry, through the worker middleware the app registers: parse, sample, cache or render, response.
/// The PNG encoding and the telemetry are parameters, so that before and after come from the same run.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChartFunctionBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly ActivitySource Worker = new("Microsoft.Azure.Functions.Worker");
    private TestApp _app = null!;
    private ManualTime _time = null!;
    private FunctionExecutionDelegate _pipeline = null!;

    /// <summary>Before (RGBA) and after (palette) in the same run.</summary>
    [Params(PngEncoding.Rgba, PngEncoding.Palette)]
    public PngEncoding Encoding { get; set; }

    [Params(Telemetry.None, Telemetry.Metrics, Telemetry.MetricsAndTraces)]
    public Telemetry Telemetry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualTime(Start);
        var settings = new Dictionary<string, string?>
        {
            ["Chart:PngEncoding"] = Encoding.ToString(),
            ["Observability:PrometheusPort"] = Telemetry == Telemetry.None ? "0" : Tool.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
        };
        _app = TestApp.StartAsync(settings, s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            if (Telemetry == Telemetry.Metrics)
                s.ConfigureOpenTelemetryTracerProvider(t => t.SetSampler(new AlwaysOffSampler()));
        }, observability: Telemetry != Telemetry.None).GetAwaiter().GetResult();
        var function = _app.Get<ChartFunction.ChartFunction>();
        FunctionExecutionDelegate invoke = async context =>
        {
            var request = new TestRequest(context, new Uri("http://localhost:7071/api/chart"));
            ((TestFunctionContext)context).InvocationResult = await function.Run(request, context.CancellationToken);
        };
        _pipeline = Telemetry == Telemetry.None ? invoke : _app.Pipeline(invoke);
        Invoke().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<int> Invoke()
    {
        var context = new TestFunctionContext(_app.Services, default, nameof(ChartFunction.ChartFunction));
        // What the worker does around the middleware when tracing is on: the invocation's span.
        using (Telemetry == Telemetry.MetricsAndTraces ? Worker.StartActivity("Invoke") : null)
            await _pipeline(context);
        return ((TestResponse)context.InvocationResult!).BodyBytes.Length;
    }

    [Benchmark(Description = "ChartFunction, cached (same bucket)")]
    public Task<int> Cached() => Invoke();

    [Benchmark(Description = "ChartFunction, uncached (new bucket each call)")]
    public Task<int> Uncached()
    {
        _time.Now = _time.Now.AddSeconds(1);
        return Invoke();
    }
}
