using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Observability;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

/// <summary>A rendered chart and its entity tag.</summary>
public sealed record ChartImage(byte[] Bytes, string ETag, DateTimeOffset Bucket);

/// <summary>
/// Rendered charts, cached and rendered under a bound. A sample is a pure function of (app, bucket), so the
/// image of (samples, kind, format, size) is too: repeats within a bucket are served from memory, and
/// concurrent first requests for one key render once. Rendering runs at most one per core with a short
/// queue; past it the caller gets null (answered 503 + Retry-After) instead of an unbounded queue.
/// </summary>
public sealed class ChartImages : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ChartImage>>> _entries = new(StringComparer.Ordinal);
    private readonly ChartRenderer _renderer;
    private readonly ConcurrencyLimiter _renders;
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private readonly Lock _trim = new();
    private long _bytes;
    private long _renderCount;

    private readonly MonitorMetrics _metrics;

    public ChartImages(ChartRenderer renderer, IOptions<ChartOptions> options, MonitorMetrics metrics)
    {
        _renderer = renderer;
        _metrics = metrics;
        var o = options.Value;
        _maxEntries = o.CacheEntries;
        _maxBytes = o.CacheMegabytes * 1024L * 1024;
        _renders = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.EffectiveConcurrentRenders,
            QueueLimit = o.MaxQueuedRenders,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        metrics.ObserveRenderQueue(() => _renders.GetStatistics()?.CurrentQueuedCount ?? 0);
    }

    public int Count => _entries.Count;

    /// <summary>The image, from the cache or rendered now; null when the render queue is full.</summary>
    public async ValueTask<ChartImage?> GetAsync(ChartRequest chart, IReadOnlyList<MetricsSample> samples, CancellationToken cancellation)
    {
        var key = Key(chart, samples);
        using var span = MonitorMetrics.Traces.StartActivity("chart render");
        if (span is not null)
        {
            span.SetTag("chart.kind", chart.KindName);
            span.SetTag("chart.format", chart.FormatName);
            span.SetTag("chart.size", $"{chart.Width}x{chart.Height}");
        }
        var hit = _entries.TryGetValue(key, out var cached);
        span?.SetTag("chart.cache.result", hit ? "hit" : "miss");
        _metrics.CacheLookup(hit);
        if (hit)
            return await cached!.Value;

        using var lease = await _renders.AcquireAsync(1, cancellation);
        if (!lease.IsAcquired)
        {
            _metrics.Refused();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "render queue full");
            return null;
        }
        // Rendered on the thread pool so that this invocation's thread is free while it waits: excess requests
        // then reach the limiter at once and are refused at once, instead of piling up behind blocked threads.
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<ChartImage>>(() => Task.Run(() => Render(k, chart, samples))));
        try
        {
            return await entry.Value;
        }
        catch
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry)); // never cache a failure
            throw;
        }
    }

    /// <summary>Renders so far (cache misses that drew a picture).</summary>
    public long Renders => Interlocked.Read(ref _renderCount);

    private ChartImage Render(string key, ChartRequest chart, IReadOnlyList<MetricsSample> samples)
    {
        Interlocked.Increment(ref _renderCount);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bytes = _renderer.Render(chart, samples);
        _metrics.Rendered(chart.KindName, chart.FormatName, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var image = new ChartImage(bytes, ETagOf(key), samples[^1].Timestamp ?? DateTimeOffset.MinValue);
        Interlocked.Add(ref _bytes, bytes.Length);
        Trim();
        return image;
    }

    /// <summary>Past either budget, drop the oldest buckets first.</summary>
    private void Trim()
    {
        if (_entries.Count <= _maxEntries && Interlocked.Read(ref _bytes) <= _maxBytes)
            return;
        lock (_trim)
        {
            var done = _entries.Where(e => e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully)
                .Select(e => (e.Key, Image: e.Value.Value.Result))
                .OrderBy(e => e.Image.Bucket)
                .ToList();
            foreach (var (key, image) in done)
            {
                if (_entries.Count <= _maxEntries && Interlocked.Read(ref _bytes) <= _maxBytes)
                    break;
                if (_entries.TryRemove(key, out _))
                    Interlocked.Add(ref _bytes, -image.Bytes.Length);
            }
        }
    }

    /// <summary>What determines the picture and its bytes: the request, the PNG encoding and, for the newest sample, app,
    /// host and time (our samples are a function of app and bucket; a seed sample carries its fetch time).</summary>
    private string Key(ChartRequest chart, IReadOnlyList<MetricsSample> samples)
    {
        var last = samples[^1];
        var encoding = chart.Format == ChartFormat.Png ? _renderer.PngEncoding.ToString() : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{chart.Kind}|{chart.Format}{encoding}|{chart.Width}x{chart.Height}|{chart.Seconds}|{samples.Count}|{last.AppName}|{last.Domain}|{last.Host}|{last.Timestamp?.UtcTicks}");
    }

    private static string ETagOf(string key) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12)) + "\"";

    public void Dispose() => _renders.Dispose();
}
