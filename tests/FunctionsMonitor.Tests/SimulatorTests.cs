using System.Text.Json;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.Tests;

/// <summary>The simulator itself, over more buckets than a host could be asked for in a test.</summary>
public sealed class SimulatorTests
{
    [Fact]
    public void Samples_keep_their_invariants_over_many_buckets()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (simulator, app) = SimulatedCatalogue.On(time);

        for (var second = 0; second < 20_000; second++)
        {
            time.Now = time.Now.AddSeconds(1);
            var s = simulator.Current(app).PerformanceIndex;
            Assert.InRange(s.FailAmount, 0, s.AccessAmount);
            Assert.Equal(s.AccessAmount == 0 ? 0 : (double)s.FailAmount / s.AccessAmount, s.FailRatio);
            Assert.InRange(s.FailRatio, 0, 1);
            Assert.True(s.MinLatency <= s.AvgLatency && s.AvgLatency <= s.MaxLatency, $"latencies {s.MinLatency}/{s.AvgLatency}/{s.MaxLatency}");
            Assert.True(s.MaxConcurrent >= 1);
        }
    }

    [Fact]
    public void Two_replicas_agree_within_a_bucket_and_a_new_bucket_gives_new_values()
    {
        var at = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var (replicaA, app) = SimulatedCatalogue.On(new ManualTime(at.AddMilliseconds(100)));
        var (replicaB, _) = SimulatedCatalogue.On(new ManualTime(at.AddMilliseconds(900)));
        var (nextSecond, _) = SimulatedCatalogue.On(new ManualTime(at.AddSeconds(1)));

        var a = replicaA.Current(app);
        var b = replicaB.Current(app);
        var c = nextSecond.Current(app);

        Assert.Equal(a, b);
        Assert.Equal(at, a.Timestamp);
        Assert.NotEqual(a.PerformanceIndex, c.PerformanceIndex);
        Assert.Equal(at.AddSeconds(1), c.Timestamp);
    }
}
