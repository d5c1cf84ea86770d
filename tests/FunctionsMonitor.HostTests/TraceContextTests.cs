
namespace FunctionsMonitor.HostTests;

[Collection(TraceContextCollection.Name)]
public sealed class TraceContextTests(TraceContextFixture fixture)
{
    private const string CallerTraceId = "6bf92f3577b34da6a3ce929d0e0e4738", CallerSpanId = "20f067aa0ba902b9";

    /// <summary>The one traceparent the upstream got for a chart request sent with <paramref name="traceParent"/> (a
    /// size of its own, so that the chart is drawn and its sample fetched, not taken from the cache).</summary>
    private async Task<string> SentUpstreamAsync(string mode, int width, string? traceParent)
    {
        fixture.Upstream.TraceParents.Clear();
        Assert.Equal(200, await RawHttp.GetAsync(fixture.Host(mode).BaseUrl, $"/api/chart?app=test-app&width={width}", traceParent));
        return Assert.Single(fixture.Upstream.TraceParents);
    }

    [Theory]
    [InlineData("off", 810)]
    [InlineData("on", 811)]
    public async Task With_nothing_exported_the_callers_trace_id_reaches_the_metrics_service(string mode, int width)
    {
        var sent = await SentUpstreamAsync(mode, width, $"00-{CallerTraceId}-{CallerSpanId}-01");

        // The caller's trace, under a span of the chart side's own; its flags say that this side records nothing.
        Assert.Matches($"^00-{CallerTraceId}-[0-9a-f]{{16}}-00$", sent);
        Assert.DoesNotContain(CallerSpanId, sent);
    }

    [Theory]
    [InlineData("off", 812)]
    [InlineData("on", 813)]
    public async Task Two_requests_without_a_traceparent_reach_the_metrics_service_as_two_new_traces(string mode, int width)
    {
        var first = await SentUpstreamAsync(mode, width, null);
        var second = await SentUpstreamAsync(mode, width + 100, null);

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", first);
        Assert.NotEqual(first.Split('-')[1], second.Split('-')[1]);
    }

    [Fact]
    public async Task A_malformed_traceparent_is_ignored_and_the_chart_is_served_in_a_trace_of_its_own()
    {
        var sent = await SentUpstreamAsync("off", 814, $"00-{CallerTraceId}-{CallerSpanId}"); // no flags

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", sent);
        Assert.DoesNotContain(CallerTraceId, sent);
    }
}
