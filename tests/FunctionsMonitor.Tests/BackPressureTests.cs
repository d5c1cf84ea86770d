using System.Globalization;
using System.Net;
using FunctionsMonitor.Tests.Hosting;

namespace FunctionsMonitor.Tests;

/// <summary>
/// A host with small render limits (one render at a time, two waiting), a cache of one megabyte and an upstream that
/// holds its answers until told: what a client gets when the worker or the host is full.
/// </summary>
public sealed class LimitsFixture : IAsyncLifetime
{
    public Upstream Upstream { get; private set; } = null!;

    public AppHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await Upstream.StartAsync();
        Host = await AppHost.StartPublishedAsync("limits", Side.All, new Dictionary<string, string?>
        {
            ["Chart__MaxConcurrentRenders"] = "1",
            ["Chart__MaxQueuedRenders"] = "2",
            ["Chart__CacheMegabytes"] = "1",
            ["MetricsService__BaseUrl"] = Upstream.Url("gate"),
            ["MetricsService__Retries"] = "0",
            ["MetricsService__TimeoutSeconds"] = "60",
            // Long buckets: the live app's samples, and so its charts, stay the same while a test draws many.
            ["Metrics__BucketSeconds"] = BackPressureTests.MetricsBucketSeconds.ToString(CultureInfo.InvariantCulture),
        });
    }

    public Task DisposeAsync() => Disposal.AllAsync(Host, Upstream);
}

[CollectionDefinition(Name)]
public sealed class LimitsCollection : ICollectionFixture<LimitsFixture>
{
    public const string Name = "limits host";
}

[Collection(LimitsCollection.Name)]
public sealed class BackPressureTests(LimitsFixture fixture)
{
    /// <summary>host.json's <c>extensions.http</c> limits, as the KEDA concurrency target and the render limits are
    /// sized against them (docs/performance.md): a change there must be a change here.</summary>
    private const int HostConcurrent = 32, HostOutstanding = 128;

    public const int MetricsBucketSeconds = 20;

    [Fact]
    public async Task A_flood_of_uncached_charts_gets_200s_and_503s_with_Retry_After_in_bounded_memory_and_then_serves_normally()
    {
        var http = fixture.Host.Http;
        // 100 different sizes of the live app's chart (read in-process): every request needs a render, and within the
        // host's limits, so that every refusal is the worker's own.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => http.GetAsync($"api/chart?app=functions-monitor&width={400 + i * 7}&height={200 + i}")));

        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(100, ok + refused.Count);
        Assert.True(ok >= 3, $"only {ok} rendered");
        Assert.True(refused.Count > 0, "nothing was refused: the render queue is not bounded");
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
            Images.Decode(await r.Content.ReadAsByteArrayAsync()).Dispose();
        var problem = await refused[0].ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", refused[0].Header("Retry-After"));
        Assert.Contains("queue is full", problem.GetProperty("detail").GetString());

        // The worker's peak resident memory (VmHWM) under the flood, and normal service right after.
        var worker = fixture.Host.Process.WorkerProcessId() ?? throw new InvalidOperationException("no worker process");
        var peak = PeakMegabytes(worker);
        Assert.True(peak < 400, $"the worker's peak resident memory was {peak:0} MB");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/chart?app=functions-monitor")).StatusCode);
    }

    [Fact]
    public async Task Past_maxOutstandingRequests_the_host_itself_answers_429_before_the_worker_sees_the_request()
    {
        var http = fixture.Host.Http;
        fixture.Upstream.CloseGate();
        // As many charts of an upstream app as the host lets in: each waits at the upstream's gate (the first
        // HostConcurrent of them) or in the host's queue.
        var held = Enumerable.Range(0, HostOutstanding).Select(i => http.GetAsync($"api/chart?app=test-app&width={400 + i}")).ToList();
        await RawHttp.EventuallyAsync(() => fixture.Upstream.InFlight, n => n >= HostConcurrent);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the rest reach the host's queue

        var excess = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => http.GetAsync($"api/chart?app=test-app&width={1000 + i}")));
        var mostAtOnce = fixture.Upstream.MostInFlight;
        fixture.Upstream.OpenGate();
        var admitted = await Task.WhenAll(held);

        Assert.All(excess, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal("", await excess[0].Content.ReadAsStringAsync()); // the host's 429 has no body
        Assert.Equal(HostConcurrent, mostAtOnce);                         // maxConcurrentRequests: the rest waited in the host
        // Every request the host let in reached the worker and got its answer: a chart, or the worker's own 503.
        Assert.All(admitted, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }

    [Fact]
    public async Task The_cache_is_bounded_in_bytes()
    {
        var http = fixture.Host.Http;
        // 2048x1024 charts of the live app, about 30 KB each: sixty of them are more than Chart__CacheMegabytes = 1.
        var sizes = Enumerable.Range(0, 60).Select(i => $"api/chart?app=functions-monitor&width={2048 - i}&height=1024").ToList();
        var again = await Buckets.WithinOneAsync(async () =>
        {
            long bytes = 0;
            foreach (var size in sizes)
                bytes += (await http.GetByteArrayAsync(size)).Length;
            Assert.True(bytes > 1024 * 1024, $"the charts came to {bytes} bytes, less than the cache holds");
            var before = await fixture.Host.CounterAsync(Series.ChartRenders);
            foreach (var size in Enumerable.Reverse(sizes)) // the newest first: those the cache kept
                await http.GetByteArrayAsync(size);
            return await fixture.Host.CounterAsync(Series.ChartRenders) - before;
        }, bucketSeconds: MetricsBucketSeconds);

        // About a megabyte of them is still cached, the most recently used, so asking for all again draws the oldest
        // anew (an unbounded cache would draw none) and not the newest (the cache does keep charts).
        Assert.InRange(again, 1, sizes.Count - 1);
    }

    private static double PeakMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
