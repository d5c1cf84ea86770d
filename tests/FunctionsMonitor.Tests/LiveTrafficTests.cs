using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FunctionsMonitor.Metrics;
using FunctionsMonitor.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Tests;

/// <summary>The live app's ring without traffic, on a clock moved by hand.</summary>
public sealed class LiveTrafficTests
{
    [Fact]
    public void Without_traffic_the_live_sample_is_zeros_that_keep_every_invariant_and_history_covers_the_window()
    {
        var start = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var live = new LiveTraffic(new Catalogue(Options.Create(new MetricsOptions())), new ManualTime(start));

        var sample = live.Current();
        var history = live.History(600);

        Assert.Equal(new PerformanceIndex
        {
            FailRatio = 0, FailAmount = 0, AccessAmount = 0, MaxConcurrent = 0, MinLatency = 0, AvgLatency = 0, MaxLatency = 0,
        }, sample.PerformanceIndex);
        Assert.Equal(600, history.Length);
        Assert.Equal(start.AddSeconds(-600), history[0].Timestamp);
        Assert.Equal(start.AddSeconds(-1), history[^1].Timestamp);
    }
}
