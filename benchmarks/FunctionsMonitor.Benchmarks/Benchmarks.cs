using System.Text.Json;
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
        _app = TestApp.StartAsync().GetAwaiter().GetResult();
        _renderer = _app.Services.GetRequiredService<ChartRenderer>();
        _history = _app.Services.GetRequiredService<MetricsSimulator>().History("test-app", 60)!;
        _current = [_history[^1]];
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static ChartRequest Bar(ChartFormat format, int width = 1024, int height = 512) =>
        new("test-app", ChartKind.Bar, format, width, height);

    [Benchmark(Baseline = true, Description = "bar 1024x512 PNG, default encoder (before)")]
    public byte[] BarPngDefault() => _renderer.Render(Bar(ChartFormat.Png), _current, SKPngEncoderOptions.Default);

    [Benchmark(Description = "bar 1024x512 PNG, fast encoder (ours)")]
    public byte[] BarPngFast() => _renderer.Render(Bar(ChartFormat.Png), _current);

    [Benchmark(Description = "bar 1024x512 SVG")]
    public byte[] BarSvg() => _renderer.Render(Bar(ChartFormat.Svg), _current);

    [Benchmark(Description = "bar 2048x1024 PNG, fast encoder (largest)")]
    public byte[] BarPngLargest() => _renderer.Render(Bar(ChartFormat.Png, 2048, 1024), _current);

    [Benchmark(Description = "history 60 s 1024x512 PNG, fast encoder")]
    public byte[] HistoryPng() => _renderer.Render(new ChartRequest("test-app", ChartKind.History, ChartFormat.Png, 1024, 512, 60), _history);

    /// <summary>Only the drawing: the plot rendered to a surface, not encoded.</summary>
    [Benchmark(Description = "bar 1024x512 drawing only (no encoding)")]
    public void BarDrawOnly()
    {
        using var surface = SKSurface.Create(new SKImageInfo(1024, 512, SKColorType.Rgba8888, SKAlphaType.Premul));
        _renderer.Build(Bar(ChartFormat.Png), _current).Render(surface.Canvas, 1024, 512);
    }
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

/// <summary>One whole ChartFunction invocation through the app's own service registration (in-process
/// metrics source): parse, sample, cache or render, response.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChartFunctionBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private TestApp _app = null!;
    private ManualTime _time = null!;

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualTime(Start);
        _app = TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(_time)).GetAwaiter().GetResult();
        _app.ChartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "ChartFunction, cached (same bucket)")]
    public async Task<int> Cached() => (await _app.ChartAsync()).BodyBytes.Length;

    [Benchmark(Description = "ChartFunction, uncached (new bucket each call)")]
    public async Task<int> Uncached()
    {
        _time.Now = _time.Now.AddSeconds(1);
        return (await _app.ChartAsync()).BodyBytes.Length;
    }
}

