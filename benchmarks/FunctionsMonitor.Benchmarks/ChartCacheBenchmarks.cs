using BenchmarkDotNet.Attributes;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.Benchmarks;

/// <summary>The cached path of a chart request in the worker: the cache's lookup of a chart already drawn (what a
/// refresh within a bucket costs besides the host's own work).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChartCacheBenchmarks
{
    private App _app = null!;
    private ChartImages _images = null!;
    private MetricsSample[] _current = null!;
    private readonly ChartRequest _chart = new("test-app", ChartKind.Bar, ChartFormat.Png, 1024, 512);

    [GlobalSetup]
    public void Setup()
    {
        _app = new App();
        _images = _app.Get<ChartImages>();
        _current = [_app.Simulator.Current(_app.TestApp)];
        Cached().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Description = "chart cache: a chart already drawn")]
    public ValueTask<Result<ChartImage>> Cached() => _images.GetAsync(_chart, _current, CancellationToken.None);
}
