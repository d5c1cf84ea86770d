using System.Globalization;
using System.Net;

namespace FunctionsMonitor.HostTests;

[Collection(LimitsCollection.Name)]
public sealed class BackPressureTests(LimitsFixture fixture)
{
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
        var peak = ProcessStats.PeakMegabytes(worker);
        Assert.True(peak < 400, $"the worker's peak resident memory was {peak:0} MB");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/chart?app=functions-monitor")).StatusCode);
    }

    [Fact]
    public async Task During_a_flood_of_200_connections_readiness_answers_200_and_clients_get_only_charts_and_503s_with_Retry_After()
    {
        var http = fixture.Host.Http;
        var flooding = TimeSpan.FromSeconds(8);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var peak = 0.0;
        using var stop = new CancellationTokenSource(flooding);
        var next = 0;
        async Task Connection()
        {
            while (!stop.IsCancellationRequested)
            {
                // A new size each time: every request misses the cache and wants a render.
                var width = 320 + Interlocked.Increment(ref next) % 1700;
                using var response = await http.GetAsync($"api/chart?app=functions-monitor&width={width}", HttpCompletionOption.ResponseHeadersRead);
                var key = response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Header("Retry-After") is null
                    ? "503 without Retry-After" : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                statuses.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
        // The kubelet's probe: a new connection each time, a one-second timeout, every quarter second here.
        async Task<(int Ok, int All)> Probes()
        {
            var (ok, all) = (0, 0);
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            while (await tick.WaitForNextTickAsync() && !stop.IsCancellationRequested)
            {
                using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
                all++;
                try
                {
                    using var answer = await probe.GetAsync(new Uri(fixture.Host.BaseUrl, "api/healthz"));
                    ok += answer.StatusCode == HttpStatusCode.OK ? 1 : 0;
                }
                catch (TaskCanceledException)
                {
                    // no answer within the probe's second: a failed probe
                }
                peak = Math.Max(peak, fixture.Host.Process.SessionProcesses().Sum(ProcessStats.AnonymousMegabytes));
            }
            return (ok, all);
        }

        var probes = Probes();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(Connection)));
        var (ok, all) = await probes;

        Assert.True(all >= 20, $"only {all} probes in {flooding.TotalSeconds} s");
        Assert.True(ok >= 0.95 * all, $"{ok} of {all} readiness probes answered 200 during the flood");
        Assert.True(statuses.Keys.All(k => k is "200" or "304" or "503"), "answers: " + string.Join(", ", statuses.Select(p => $"{p.Key} × {p.Value}")));
        Assert.True(statuses.GetValueOrDefault("503") > 0, "nothing was shed: the flood was no flood");
        Assert.True(statuses.GetValueOrDefault("200") > 0, "nothing was drawn");
        // In the chart pod's 512 MiB: nothing killed, heaps under the limit, and the host still serving.
        Assert.Equal(0, fixture.Memory.OomKills);
        Assert.True(peak < 450, $"host and worker reached {peak:0} MB of anonymous memory");
        Assert.False(fixture.Host.Process.HasExited, fixture.Host.Process.Tail());
    }

    [Fact]
    public async Task The_cache_is_bounded_in_bytes()
    {
        var http = fixture.Host.Http;
        // 2048x1024 charts of the live app, 12 to 30 KB each (the less traffic, the plainer the chart): a hundred of
        // them are more than Chart__CacheMegabytes = 1.
        var sizes = Enumerable.Range(0, 100).Select(i => $"api/chart?app=functions-monitor&width={2048 - i}&height=1024").ToList();
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
}
