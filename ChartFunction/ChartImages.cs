using System.Buffers;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Observability;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// Rendered charts: cached in memory by <see cref="HybridCache"/>, rendered under a bound. A sample is a function of
/// (app, bucket), so the image of (samples, kind, format, size) is too: repeats within a bucket are served from the
/// cache, and concurrent first requests for one key render once (the cache's stampede protection). The cache is bounded
/// in bytes (<c>Chart__CacheMegabytes</c>). Rendering runs at most one per core with a short queue; past it the
/// caller gets a 503 problem (answered with Retry-After) instead of an unbounded queue.
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
    private readonly ChartInstruments _instruments;
    private readonly ConcurrencyLimiter _renders;

    public ChartImages(HybridCache cache, ChartRenderer renderer, IOptions<ChartOptions> options, ChartInstruments instruments)
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

    /// <summary>How long one render may take: a chart of bounded samples draws in tens of milliseconds, so past this
    /// something is wrong with the input, and the core is wanted for other charts.</summary>
    public static readonly TimeSpan RenderBudget = TimeSpan.FromSeconds(5);

    /// <summary>The answer when every render slot and queue place is taken (503, with Retry-After).</summary>
    public static readonly Problem QueueFull = Problem.Of(HttpStatusCode.ServiceUnavailable, "Too many charts at once",
        "This instance is rendering as many charts as it can and its queue is full; retry after the Retry-After seconds.");

    /// <summary>The image, from the cache or rendered now; a 503 problem when the render queue is full or the render ran
    /// past <see cref="RenderBudget"/>. A caller that goes away cancels a render it alone was waiting for.</summary>
    public async ValueTask<Result<ChartImage>> GetAsync(ChartRequest chart, IReadOnlyList<MetricsSample> samples, CancellationToken cancellation)
    {
        var render = new Render(this, chart, samples, Key(chart, samples));
        using var span = Instruments.Traces.StartActivity("chart render");
        try
        {
            var image = await _cache.GetOrCreateAsync(render.Key, render, static (r, token) => r.Owner.DrawAsync(r, token), Local,
                cancellationToken: cancellation);
            Looked(span, chart, hit: !render.Drew);
            return Result<ChartImage>.Ok(image);
        }
        catch (RenderQueueFullException)
        {
            Looked(span, chart, hit: false);
            _instruments.Refused();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "render queue full");
            return Result<ChartImage>.Fail(QueueFull);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            Looked(span, chart, hit: false);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "render budget exceeded");
            return Result<ChartImage>.Fail(Problem.Of(HttpStatusCode.ServiceUnavailable, "Chart took too long",
                $"Drawing this chart took longer than {RenderBudget.TotalSeconds:0} s and was stopped; retry after the Retry-After seconds."));
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
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        budget.CancelAfter(RenderBudget);
        // On the thread pool, so that an invocation's thread is free while it waits for a slot: excess requests then
        // reach the limiter at once and are refused at once, instead of piling up behind blocked threads.
        return await Task.Run(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var bytes = _renderer.Render(render.Chart, render.Samples, budget.Token);
            _instruments.Rendered(render.Chart, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return new ChartImage(bytes, ETagOf(render.Key));
        }, budget.Token);
    }

    /// <summary>What was asked for and what is drawn: the request (the app asked for, kind, format, encoding, size,
    /// window) and a digest of every sample's drawn content. Two apps whose services answer alike keep their own charts,
    /// and an upstream that sends no timestamp (the fetch time, to the second, stands in) gets the same chart and ETag
    /// for the same sample.</summary>
    private string Key(ChartRequest chart, IReadOnlyList<MetricsSample> samples)
    {
        var content = new XxHash128();
        Span<byte> number = stackalloc byte[8];
        foreach (var s in samples)
        {
            AddText(content, number, s.AppName);
            AddText(content, number, s.Domain);
            AddText(content, number, s.Host);
            var p = s.PerformanceIndex;
            foreach (var value in (ReadOnlySpan<long>)[s.Timestamp?.UtcTicks ?? -1, BitConverter.DoubleToInt64Bits(p.FailRatio),
                p.FailAmount, p.AccessAmount, p.MaxConcurrent, p.MinLatency, p.AvgLatency, p.MaxLatency ?? -1])
                Add(content, number, value);
        }
        var encoding = chart.Format == ChartFormat.Png ? _renderer.PngEncoding.ToString() : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{chart.App}|{chart.Kind}|{chart.Format}{encoding}|{chart.Width}x{chart.Height}|{chart.Seconds}|{samples.Count}|{Convert.ToHexStringLower(content.GetCurrentHash())}");

        static void Add(XxHash128 hash, Span<byte> buffer, long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
            hash.Append(buffer);
        }
        static void AddText(XxHash128 hash, Span<byte> buffer, string text)
        {
            Add(hash, buffer, text.Length); // the length first, so that ("ab", "c") and ("a", "bc") differ
            hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
        }
    }

    private static string ETagOf(string key) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12)) + "\"";

    public void Dispose() => _renders.Dispose();

    private sealed class RenderQueueFullException() : Exception("The render queue is full.");
}
