using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using FunctionsMonitor.Metrics;
using FunctionsMonitor.Observability;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Charts;

/// <summary>A rendered chart and its entity tag; never changed once made, so the cache hands out the same instance.</summary>
[ImmutableObject(true)]
public sealed record ChartImage(byte[] Bytes, string ETag);

/// <summary>
/// Rendered charts: cached in memory by <see cref="HybridCache"/>, rendered under a bound. A sample is a function of
/// (app, bucket), so the image of (samples, kind, format, size) is too: repeats within a bucket are served from the
/// cache, and concurrent first requests for one key render once (the cache's stampede protection). The cache is bounded
/// in bytes (<c>Chart__CacheMegabytes</c>). Rendering runs at most one per core with a short queue; past it the
/// caller gets null (answered 503 + Retry-After) instead of an unbounded queue.
/// </summary>
public sealed class ChartImages : IDisposable
{
    /// <summary>Only in this process; a chart older than this is of a bucket nobody asks for any more.</summary>
    private static readonly HybridCacheEntryOptions Local = new()
    {
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
        Expiration = TimeSpan.FromMinutes(2),
        LocalCacheExpiration = TimeSpan.FromMinutes(2),
    };

    private readonly HybridCache _cache;
    private readonly ChartRenderer _renderer;
    private readonly Instruments _instruments;
    private readonly ConcurrencyLimiter _renders;

    public ChartImages(HybridCache cache, ChartRenderer renderer, IOptions<ChartOptions> options, Instruments instruments)
    {
        (_cache, _renderer, _instruments) = (cache, renderer, instruments);
        var o = options.Value;
        _renders = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.EffectiveConcurrentRenders,
            QueueLimit = o.MaxQueuedRenders,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        instruments.ObserveRenderQueue(() => _renders.GetStatistics()?.CurrentQueuedCount ?? 0);
    }

    /// <summary>The image, from the cache or rendered now; null when the render queue is full.</summary>
    public async ValueTask<ChartImage?> GetAsync(ChartRequest chart, IReadOnlyList<MetricsSample> samples, CancellationToken cancellation)
    {
        var render = new Render(this, chart, samples, Key(chart, samples));
        using var span = Instruments.Traces.StartActivity("chart render");
        try
        {
            var image = await _cache.GetOrCreateAsync(render.Key, render, static (r, token) => r.Owner.DrawAsync(r, token), Local,
                cancellationToken: cancellation);
            Looked(span, chart, hit: !render.Drew);
            return image;
        }
        catch (RenderQueueFullException)
        {
            Looked(span, chart, hit: false);
            _instruments.Refused();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "render queue full");
            return null;
        }
    }

    private void Looked(System.Diagnostics.Activity? span, ChartRequest chart, bool hit)
    {
        _instruments.CacheLookup(hit);
        if (span is not { IsAllDataRequested: true })
            return;
        span.SetTag("chart.kind", chart.KindName);
        span.SetTag("chart.format", chart.FormatName);
        span.SetTag("chart.size", $"{chart.Width}x{chart.Height}");
        span.SetTag("chart.cache.result", hit ? "hit" : "miss");
    }

    /// <summary>One caller's render, should the cache need one: only the first caller's runs for a key.</summary>
    private sealed class Render(ChartImages owner, ChartRequest chart, IReadOnlyList<MetricsSample> samples, string key)
    {
        public ChartImages Owner { get; } = owner;
        public ChartRequest Chart { get; } = chart;
        public IReadOnlyList<MetricsSample> Samples { get; } = samples;
        public string Key { get; } = key;
        public bool Drew { get; set; }
    }

    private async ValueTask<ChartImage> DrawAsync(Render render, CancellationToken cancellation)
    {
        render.Drew = true;
        using var lease = await _renders.AcquireAsync(1, cancellation);
        if (!lease.IsAcquired)
            throw new RenderQueueFullException(); // not cached: the cache keeps no failure
        // On the thread pool, so that an invocation's thread is free while it waits for a slot: excess requests then
        // reach the limiter at once and are refused at once, instead of piling up behind blocked threads.
        return await Task.Run(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var bytes = _renderer.Render(render.Chart, render.Samples);
            _instruments.Rendered(render.Chart.KindName, render.Chart.FormatName, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return new ChartImage(bytes, ETagOf(render.Key));
        }, cancellation);
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

    private sealed class RenderQueueFullException() : Exception("The render queue is full.");
}

/// <summary>How the cache sizes a chart: its serialized form, the entity tag then the image's bytes (the cache measures
/// an entry by it; nothing is stored outside this process).</summary>
internal sealed class ChartImageSerializer : IHybridCacheSerializer<ChartImage>
{
    public void Serialize(ChartImage value, IBufferWriter<byte> target)
    {
        var tag = Encoding.UTF8.GetBytes(value.ETag);
        BinaryPrimitives.WriteInt32LittleEndian(target.GetSpan(4), tag.Length);
        target.Advance(4);
        target.Write(tag);
        target.Write(value.Bytes);
    }

    public ChartImage Deserialize(ReadOnlySequence<byte> source)
    {
        var bytes = source.ToArray();
        var tagLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return new ChartImage(bytes[(4 + tagLength)..], Encoding.UTF8.GetString(bytes, 4, tagLength));
    }
}
