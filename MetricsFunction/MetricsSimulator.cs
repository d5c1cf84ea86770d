namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// Simulated metrics: a pure function of (app, time bucket), so every replica serves the same values
/// for the same bucket with no shared state, and a new bucket gives new values. Unlike the Go seed's
/// independent random numbers, the values are consistent: failures never exceed accesses, the ratio
/// is computed from them, and min ≤ avg ≤ max latency. The live app is the exception: its samples are this pod's
/// own measured traffic (<see cref="LiveTraffic"/>).
/// </summary>
public sealed class MetricsSimulator(Catalogue catalogue, TimeProvider time, LiveTraffic live)
{
    private readonly string _host = Environment.MachineName;

    /// <summary>The current sample of an app of the catalogue: the live app's last completed bucket, a simulated app's
    /// sample of the current bucket.</summary>
    public MetricsSample Current(AppEntry app) => catalogue.IsLive(app.Name) ? live.Current()
        : Sample(app, catalogue.BucketStart(catalogue.BucketNumber(time.GetUtcNow())));

    /// <summary>The samples of the buckets within the last <paramref name="seconds"/> seconds (at least one), oldest
    /// first, ending with the current one. Free: each is computed, not stored.</summary>
    public MetricsSample[] History(AppEntry app, int seconds)
    {
        if (catalogue.IsLive(app.Name))
            return live.History(seconds);
        var current = catalogue.BucketNumber(time.GetUtcNow());
        var count = catalogue.BucketsIn(seconds);
        var history = new MetricsSample[count];
        for (var i = 0; i < count; i++)
            history[i] = Sample(app, catalogue.BucketStart(current - (count - 1 - i)));
        return history;
    }

    private MetricsSample Sample(AppEntry app, DateTimeOffset bucket)
    {
        var random = new SplitMix64(Fnv1a(app.Name) ^ (ulong)bucket.ToUnixTimeSeconds() * 0x9E3779B97F4A7C15UL);
        // Load follows a slow five-minute wave (phase per app) plus noise, so a history looks like traffic;
        // latency and failures rise with load, with an occasional bad second.
        var phase = Fnv1a(app.Name) % 360 * Math.PI / 180;
        var load = Math.Clamp(0.5 + 0.35 * Math.Sin(2 * Math.PI * bucket.ToUnixTimeSeconds() / 300.0 + phase)
            + 0.15 * (random.NextDouble() - 0.5), 0, 1);
        var access = (long)Math.Round(2_000 * load);
        var rate = random.NextDouble() < 0.04
            ? 0.1 + random.NextDouble() * 0.25
            : 0.01 + 0.05 * load + 0.02 * random.NextDouble();
        var fail = (long)Math.Round(access * rate);
        var min = 2 + random.Next(0, 10);
        var avg = min + 20 + (long)Math.Round(80 * load) + random.Next(0, 20);
        var max = avg + 50 + random.Next(0, 300);
        return new MetricsSample
        {
            PerformanceIndex = new PerformanceIndex
            {
                // The exact quotient, as the contract promises; only the chart's label rounds it for people.
                FailRatio = access == 0 ? 0 : (double)fail / access,
                FailAmount = fail,
                AccessAmount = access,
                MaxConcurrent = 1 + (long)Math.Round(99 * load * (0.8 + 0.4 * random.NextDouble())),
                MinLatency = min,
                AvgLatency = avg,
                MaxLatency = max,
            },
            Host = _host,
            AppName = app.Name,
            Domain = app.Domain,
            Timestamp = bucket,
        };
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    /// <summary>A tiny seeded generator; System.Random's seeded output is not promised stable across runtimes.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        private ulong NextULong()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

        public long Next(long minInclusive, long maxExclusive) =>
            minInclusive + (long)(NextULong() % (ulong)(maxExclusive - minInclusive));
    }
}
