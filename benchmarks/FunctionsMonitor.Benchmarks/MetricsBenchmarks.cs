using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.Benchmarks;

/// <summary>The metrics side: one sample and its JSON.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class MetricsBenchmarks
{
    private App _app = null!;

    [GlobalSetup]
    public void Setup() => _app = new App();

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Description = "sample + JSON serialization")]
    public byte[] SampleJson() => JsonSerializer.SerializeToUtf8Bytes(_app.Simulator.Current(_app.TestApp), MetricsJsonContext.Default.MetricsSample);
}
