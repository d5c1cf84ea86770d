using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Tests;

/// <summary>The live app's ring on a clock moved by hand: what the invocation middleware reports becomes the samples of
/// this pod's own traffic, exactly, in the bucket it happened in.</summary>
public sealed class LiveTrafficTests
{
    [Fact]
    public void Without_traffic_the_live_sample_is_zeros_that_keep_every_invariant_and_history_covers_the_window()
    {
        var (live, _) = Live();

        var sample = live.Current();
        var history = live.History(600);

        Assert.Equal(new PerformanceIndex
        {
            FailRatio = 0, FailAmount = 0, AccessAmount = 0, MaxConcurrent = 0, MinLatency = 0, AvgLatency = 0, MaxLatency = 0,
        }, sample.PerformanceIndex);
        Assert.Equal(600, history.Length);
        Assert.Equal(Start.AddSeconds(-600), history[0].Timestamp);
        Assert.Equal(Start.AddSeconds(-1), history[^1].Timestamp);
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static (LiveTraffic Live, ManualTime Time) Live(int bucketSeconds = 1)
    {
        var time = new ManualTime(Start);
        return (new LiveTraffic(new Catalogue(Options.Create(new MetricsOptions { BucketSeconds = bucketSeconds })), time), time);
    }

    /// <summary>One invocation, started and completed at the clock's time.</summary>
    private static void Invoke(LiveTraffic live, double milliseconds, bool failed = false)
    {
        live.Started();
        live.Completed(TimeSpan.FromMilliseconds(milliseconds), failed);
    }

    [Fact]
    public void A_completed_bucket_reports_its_invocations_count_failures_and_min_avg_max_latency()
    {
        var (live, time) = Live();
        time.Now = Start.AddMilliseconds(100);
        Invoke(live, 30);
        Invoke(live, 12, failed: true);
        Invoke(live, 90);
        Invoke(live, 40, failed: true);

        time.Now = Start.AddSeconds(1);
        var index = live.Current().PerformanceIndex;

        Assert.Equal(new PerformanceIndex
        {
            FailRatio = 0.5, FailAmount = 2, AccessAmount = 4, MaxConcurrent = 1, MinLatency = 12, AvgLatency = 43, MaxLatency = 90,
        }, index);
    }

    [Fact]
    public void Max_concurrent_is_the_most_invocations_in_flight_at_once_in_the_bucket_counting_those_begun_before_it()
    {
        var (live, time) = Live();
        live.Started();                                   // begins in bucket 0 and ends in bucket 1
        time.Now = Start.AddMilliseconds(1200);
        live.Started();                                   // two in flight
        live.Started();                                   // three
        live.Completed(TimeSpan.FromMilliseconds(5), failed: false);
        live.Completed(TimeSpan.FromMilliseconds(5), failed: false);
        live.Started();                                   // two again: not a new most
        live.Completed(TimeSpan.FromMilliseconds(5), failed: false);
        live.Completed(TimeSpan.FromMilliseconds(1300), failed: false);

        time.Now = Start.AddSeconds(2);
        var history = live.History(2);

        Assert.Equal(1, history[0].PerformanceIndex.MaxConcurrent);
        Assert.Equal(0, history[0].PerformanceIndex.AccessAmount); // an invocation counts where it ends
        Assert.Equal(3, history[1].PerformanceIndex.MaxConcurrent);
        Assert.Equal(4, history[1].PerformanceIndex.AccessAmount);
        Assert.Equal(1300, history[1].PerformanceIndex.MaxLatency);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void An_invocation_counts_in_the_bucket_its_end_falls_in_and_the_current_sample_is_the_last_completed_bucket(int bucketSeconds)
    {
        var (live, time) = Live(bucketSeconds);
        var next = Start.AddSeconds(bucketSeconds);
        time.Now = next.AddTicks(-1);
        Invoke(live, 7);                                  // the last instant of the first bucket
        time.Now = next;
        Invoke(live, 8, failed: true);                    // the first instant of the second

        var duringSecond = live.Current();
        time.Now = next.AddSeconds(bucketSeconds);
        var afterSecond = live.Current();

        Assert.Equal(Start, duringSecond.Timestamp);
        Assert.Equal((1L, 0L, 7L, (long?)7), Counts(duringSecond));
        Assert.Equal(next, afterSecond.Timestamp);
        Assert.Equal((1L, 1L, 8L, (long?)8), Counts(afterSecond));
    }

    [Fact]
    public void History_is_oldest_first_one_sample_a_bucket_ending_with_the_current_sample()
    {
        var (live, time) = Live();
        for (var second = 0; second < 3; second++)
        {
            time.Now = Start.AddSeconds(second);
            for (var i = 0; i <= second; i++)
                Invoke(live, 10 * (second + 1));
        }

        time.Now = Start.AddSeconds(3);
        var history = live.History(5);

        Assert.Equal(Enumerable.Range(-2, 5).Select(s => (DateTimeOffset?)Start.AddSeconds(s)), history.Select(h => h.Timestamp));
        Assert.Equal([0L, 0, 1, 2, 3], history.Select(h => h.PerformanceIndex.AccessAmount));
        Assert.Equal([0L, 0, 10, 20, 30], history.Select(h => h.PerformanceIndex.MinLatency));
        Assert.Equal(live.Current(), history[^1]);
    }

    [Fact]
    public void A_bucket_older_than_the_longest_history_is_gone_not_read_from_the_slot_a_newer_one_reuses()
    {
        var (live, time) = Live();
        Invoke(live, 50);
        var later = Start.AddSeconds(Catalogue.MaxHistorySeconds + 1); // the ring's length on: the first bucket's slot
        time.Now = later;
        Invoke(live, 60);

        time.Now = later.AddSeconds(1);
        var history = live.History(Catalogue.MaxHistorySeconds);

        Assert.Equal(1, history.Sum(h => h.PerformanceIndex.AccessAmount));
        Assert.Equal((1L, 0L, 60L, (long?)60), Counts(history[^1]));
    }

    private static (long Access, long Failed, long Min, long? Max) Counts(MetricsSample sample) =>
        (sample.PerformanceIndex.AccessAmount, sample.PerformanceIndex.FailAmount, sample.PerformanceIndex.MinLatency,
            sample.PerformanceIndex.MaxLatency);
}
