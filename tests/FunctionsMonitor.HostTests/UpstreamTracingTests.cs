using System.Net;
using FunctionsMonitor.Testing.Otlp;

namespace FunctionsMonitor.HostTests;

/// <summary>Traces through the real host to the upstream: what a caller's <c>traceparent</c> becomes.</summary>
[Collection(FaultsCollection.Name)]
public sealed class UpstreamTracingTests(FaultsFixture fixture)
{
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736", CallerSpanId = "00f067aa0ba902b7";

    [Fact]
    public async Task The_chart_sends_the_callers_trace_id_to_a_real_upstream_and_each_retry_is_a_span()
    {
        fixture.Behave("flaky"); // a 500, then the sample

        Assert.Equal(200, await RawHttp.GetAsync(fixture.Host.BaseUrl, "/api/chart?app=test-app&width=700",
            $"00-{CallerTraceId}-{CallerSpanId}-01"));

        // Two attempts, both carrying the caller's trace id: W3C propagation by HttpClient.
        var sent = fixture.Upstream.TraceParents.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.All(sent, header => Assert.Matches($"^00-{CallerTraceId}-[0-9a-f]{{16}}-01$", header));
        var trace = await Poll.UntilAsync(() => fixture.Otlp.Trace(CallerTraceId),
            t => t.Count(s => s.Kind == SpanKind.Client) == 2 && t.Any(s => s.Name == "metrics fetch"));
        var fetch = Assert.Single(trace, s => s.Name == "metrics fetch");
        var attempts = trace.Where(s => s.Kind == SpanKind.Client).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(fetch.SpanId, a.ParentSpanId));
        // Each attempt's span is the parent the upstream was told about.
        Assert.Equal(attempts.Select(a => a.SpanId).Order(), sent.Select(h => h.Split('-')[2]).Order());
        Assert.Equal("ok", fetch.Attribute("fetch.outcome"));
    }

    [Fact]
    public async Task Without_a_traceparent_the_invocation_starts_a_new_trace_and_still_propagates_it()
    {
        fixture.Behave("seed");

        Assert.Equal(200, await RawHttp.GetAsync(fixture.Host.BaseUrl, "/api/chart?app=test-app&width=701"));

        var header = Assert.Single(fixture.Upstream.TraceParents);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", header);
        Assert.DoesNotContain(CallerTraceId, header);
    }
}
