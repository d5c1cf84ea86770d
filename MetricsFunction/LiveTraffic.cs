namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// The live app: this pod's own invocations, one sample per time bucket in the seed's shape. The invocation middleware
/// reports each invocation (health probes excepted); a sample is the last <em>completed</em> bucket, so it is stable
/// and cacheable, and history comes from a ring covering the longest history window. Unlike the simulated apps, its
/// samples differ between replicas: each pod reports its own share of the load.
/// </summary>
public sealed class LiveTraffic
{
    private readonly Lock _lock = new();
    private readonly Bucket[] _ring;
    private readonly Catalogue _catalogue;
    private readonly TimeProvider _time;
    private readonly string _host = Environment.MachineName;
    private long _inFlight;

    public LiveTraffic(Catalogue catalogue, TimeProvider time)
    {
        _catalogue = catalogue;
        _time = time;
        // Every completed bucket of the longest history window, plus the one being filled.
        _ring = new Bucket[catalogue.BucketsIn(Catalogue.MaxHistorySeconds) + 1];
    }

    /// <summary>An invocation began: counts towards the bucket's most at once.</summary>
    public void Started()
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (_lock)
        {
            ref var bucket = ref Slot(Number(_time.GetUtcNow()));
            bucket.MaxConcurrent = Math.Max(bucket.MaxConcurrent, inFlight);
        }
    }

    /// <summary>An invocation ended after <paramref name="latency"/>; <paramref name="failed"/> when it answered 5xx.</summary>
    public void Completed(TimeSpan latency, bool failed)
    {
        Interlocked.Decrement(ref _inFlight);
        var ms = latency.TotalMilliseconds;
        lock (_lock)
        {
            ref var bucket = ref Slot(Number(_time.GetUtcNow()));
            bucket.MinMs = bucket.Count == 0 ? ms : Math.Min(bucket.MinMs, ms);
            bucket.MaxMs = Math.Max(bucket.MaxMs, ms);
            bucket.SumMs += ms;
            bucket.Count++;
            if (failed)
                bucket.Failed++;
        }
    }

    /// <summary>The last completed bucket.</summary>
    public MetricsSample Current() => Sample(Number(_time.GetUtcNow()) - 1);

    /// <summary>The completed buckets of the last <paramref name="seconds"/> seconds (at least one), oldest first.</summary>
    public MetricsSample[] History(int seconds)
    {
        var last = Number(_time.GetUtcNow()) - 1;
        var count = _catalogue.BucketsIn(seconds);
        return Enumerable.Range(0, count).Select(i => Sample(last - (count - 1 - i))).ToArray();
    }

    private long Number(DateTimeOffset at) => _catalogue.BucketNumber(at);

    /// <summary>The ring's slot of bucket <paramref name="number"/>, emptied first if it still holds an older bucket.</summary>
    private ref Bucket Slot(long number)
    {
        ref var bucket = ref _ring[(int)(number % _ring.Length)];
        if (bucket.Number != number)
            bucket = new Bucket { Number = number };
        return ref bucket;
    }

    private MetricsSample Sample(long number)
    {
        Bucket bucket;
        lock (_lock)
            bucket = _ring[(int)(number % _ring.Length)];
        if (bucket.Number != number)
            bucket = new Bucket { Number = number };
        // Rounding is monotonic, so min <= avg <= max holds in whole milliseconds too.
        return new MetricsSample
        {
            PerformanceIndex = new PerformanceIndex
            {
                FailRatio = bucket.Count == 0 ? 0 : (double)bucket.Failed / bucket.Count,
                FailAmount = bucket.Failed,
                AccessAmount = bucket.Count,
                MaxConcurrent = bucket.MaxConcurrent,
                MinLatency = (long)Math.Round(bucket.MinMs),
                AvgLatency = bucket.Count == 0 ? 0 : (long)Math.Round(bucket.SumMs / bucket.Count),
                MaxLatency = (long)Math.Round(bucket.MaxMs),
            },
            Host = _host,
            AppName = _catalogue.Live.Name,
            Domain = _catalogue.Live.Domain,
            Timestamp = _catalogue.BucketStart(number),
        };
    }

    private struct Bucket
    {
        public long Number;
        public long Count, Failed, MaxConcurrent;
        public double MinMs, MaxMs, SumMs;
    }
}
