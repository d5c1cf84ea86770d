using System.Net;
using FunctionsMonitor.ChartFunction;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMonitor.Tests;

public sealed class CachingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static async Task<TestResponse> ChartWithETag(TestApp app, string query, string etag)
    {
        var headers = new HttpHeadersCollection { { "If-None-Match", etag } };
        var request = new TestRequest(new TestFunctionContext(app.Services), new Uri("http://localhost:7071/api/chart" + query), headers: headers);
        return (TestResponse)await app.Get<ChartFunction.ChartFunction>().Run(request, CancellationToken.None);
    }

    [Fact]
    public async Task A_repeat_within_a_bucket_is_served_from_the_cache_and_a_new_bucket_renders_a_new_chart()
    {
        var time = new ManualTime(Noon);
        await using var app = await TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var images = app.Services.GetRequiredService<ChartImages>();

        var first = await app.ChartAsync();
        var rendersAfterFirst = images.Renders;
        time.Now = Noon.AddMilliseconds(700);
        var repeat = await app.ChartAsync("?_=cache-buster");
        time.Now = Noon.AddSeconds(1);
        var next = await app.ChartAsync();

        Assert.Equal(first.BodyBytes, repeat.BodyBytes);
        Assert.Equal(first.Header("ETag"), repeat.Header("ETag"));
        Assert.Equal(rendersAfterFirst, images.Renders - 1); // only the new bucket rendered
        Assert.NotEqual(first.Header("ETag"), next.Header("ETag"));
        Assert.NotEqual(first.BodyBytes, next.BodyBytes);
        Assert.Equal("no-cache", next.Header("Cache-Control"));
    }

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_is_a_304_without_a_body_and_a_stale_one_gets_the_chart()
    {
        var time = new ManualTime(Noon);
        await using var app = await TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(time));
        var etag = (await app.ChartAsync()).Header("ETag")!;

        var same = await ChartWithETag(app, "", etag);
        time.Now = Noon.AddSeconds(1);
        var stale = await ChartWithETag(app, "", etag);

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Empty(same.BodyBytes);
        Assert.Equal(etag, same.Header("ETag"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.NotEqual(etag, stale.Header("ETag"));
        using var image = Images.Decode(stale.BodyBytes);
    }

    [Fact]
    public async Task Concurrent_first_requests_for_one_chart_render_it_once()
    {
        await using var app = await TestApp.StartAsync(configure: s => s.AddSingleton<TimeProvider>(new ManualTime(Noon)));
        var images = app.Services.GetRequiredService<ChartImages>();
        var before = images.Renders;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => app.ChartAsync("?width=1000"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Header("ETag")).Distinct());
        Assert.Equal(before + 1, images.Renders);
    }

    [Fact]
    public async Task The_cache_is_bounded_in_entries()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["Chart:CacheEntries"] = "3" },
            s => s.AddSingleton<TimeProvider>(new ManualTime(Noon)));
        var images = app.Services.GetRequiredService<ChartImages>();

        for (var width = 400; width < 420; width++)
            Assert.Equal(HttpStatusCode.OK, (await app.ChartAsync($"?width={width}")).StatusCode);

        Assert.InRange(images.Count, 1, 3);
    }

    [Fact]
    public async Task With_an_http_source_a_failed_fetch_is_never_answered_with_a_cached_chart()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["MetricsService:BaseUrl"] = upstream.Url("switch"),
            ["MetricsService:Retries"] = "0",
        });

        Assert.Equal(HttpStatusCode.OK, (await app.ChartAsync()).StatusCode);
        upstream.Switch = "fail";
        Problems.Assert(await app.ChartAsync(), HttpStatusCode.BadGateway);
        upstream.Switch = "seed";
        Assert.Equal(HttpStatusCode.OK, (await app.ChartAsync()).StatusCode);
    }
}
