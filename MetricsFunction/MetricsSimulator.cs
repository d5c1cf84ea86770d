using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// Simulated metrics: a pure function of (app, time bucket), so every replica serves the same values
/// for the same bucket with no shared state, and a new bucket gives new values. Unlike the Go seed's
/// independent random numbers, the values are consistent: failures never exceed accesses, the ratio
/// is computed from them, and min ≤ avg ≤ max latency.
/// </summary>
public sealed class MetricsSimulator(IOptions<MetricsOptions> options, TimeProvider time)
{
    private readonly MetricsOptions _options = options.Value;
    private readonly string _host = Environment.MachineName;

    public string DefaultApp => _options.EffectiveDefaultApp;

    public IReadOnlyList<AppEntry> Apps => _options.EffectiveApps;

    public TimeSpan Bucket => TimeSpan.FromSeconds(_options.BucketSeconds);

    /// <summary>The start of the bucket that holds <paramref name="at"/>.</summary>
    public DateTimeOffset BucketStart(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds - Mod(seconds, _options.BucketSeconds));
    }

    public AppEntry? Find(string app) =>
        _options.EffectiveApps.FirstOrDefault(a => string.Equals(a.Name, app, StringComparison.Ordinal));

    /// <summary>The current sample of a catalogued app, or null for an unknown app.</summary>
    public MetricsSample? Current(string app) => At(app, time.GetUtcNow());

    public MetricsSample? At(string app, DateTimeOffset at) =>
        Find(app) is { } entry ? Sample(entry, BucketStart(at)) : null;

    private MetricsSample Sample(AppEntry app, DateTimeOffset bucket)
    {
        var random = new SplitMix64(Fnv1a(app.Name) ^ (ulong)bucket.ToUnixTimeSeconds() * 0x9E3779B97F4A7C15UL);
        var access = random.Next(0, 2_000);
        // A failure rate mostly under 10 %, sometimes a bad second up to 40 %.
        var rate = random.NextDouble() < 0.9 ? random.NextDouble() * 0.1 : 0.1 + random.NextDouble() * 0.3;
        var fail = (long)Math.Round(access * rate);
        var min = random.Next(2, 60);
        var avg = min + random.Next(0, 120);
        var max = avg + random.Next(0, 400);
        return new MetricsSample
        {
            PerformanceIndex = new PerformanceIndex
            {
                FailRatio = access == 0 ? 0 : Math.Round((double)fail / access, 4),
                FailAmount = fail,
                AccessAmount = access,
                MaxConcurrent = random.Next(1, 100),
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

    private static long Mod(long x, long m) => ((x % m) + m) % m;

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
