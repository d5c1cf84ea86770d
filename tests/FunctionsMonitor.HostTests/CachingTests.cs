using System.Net;

namespace FunctionsMonitor.HostTests;

/// <summary>The rendered-chart cache and its HTTP headers, seen from outside: ETags, 304s and the worker's own count of
/// renders (its Prometheus scrape).</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class CachingTests(DefaultHostFixture fixture)
{
    private readonly AppHost _host = fixture.Host;

    private Task<double> Renders() => _host.CounterAsync(Series.ChartRenders);

    [Fact]
    public async Task A_repeat_within_a_bucket_is_served_from_the_cache_and_a_new_bucket_renders_a_new_chart()
    {
        var (first, repeat, renders) = await Buckets.WithinOneAsync(async () =>
        {
            var before = await Renders();
            var first = await _host.Http.GetAsync("api/chart?width=1001");
            var repeat = await _host.Http.GetAsync("api/chart?width=1001&_=cache-buster");
            return (first, repeat, await Renders() - before);
        });
        await Buckets.NextAsync();
        using var next = await _host.Http.GetAsync("api/chart?width=1001");

        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await repeat.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Header("ETag"), repeat.Header("ETag"));
        Assert.Equal(1, renders); // the repeat rendered nothing
        Assert.NotEqual(first.Header("ETag"), next.Header("ETag"));
        Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await next.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-cache", next.Header("Cache-Control"));
    }

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_is_a_304_without_a_body_and_a_stale_one_gets_the_chart()
    {
        var (etag, same) = await Buckets.WithinOneAsync(async () =>
        {
            var etag = (await _host.Http.GetAsync("api/chart?width=1002")).Header("ETag")!;
            return (etag, await Conditional("api/chart?width=1002", etag));
        });
        await Buckets.NextAsync();
        using var stale = await Conditional("api/chart?width=1002", etag);

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Empty(await same.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, same.Header("ETag"));
        Assert.Equal("no-cache", same.Header("Cache-Control"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.NotEqual(etag, stale.Header("ETag"));
        using var image = Images.Decode(await stale.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Concurrent_first_requests_for_one_chart_render_it_once()
    {
        var (responses, renders) = await Buckets.WithinOneAsync(async () =>
        {
            var before = await Renders();
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _host.Http.GetAsync("api/chart?width=1003")));
            return (responses, await Renders() - before);
        });

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Header("ETag")).Distinct());
        Assert.Equal(1, renders);
    }

    private Task<HttpResponseMessage> Conditional(string path, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return _host.Http.SendAsync(request);
    }
}
