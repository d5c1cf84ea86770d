using System.Net;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>The Prometheus scrape endpoint, scraped by a real Prometheus (Debian's).</summary>
public sealed partial class PrometheusTests
{
    private static string Invocations(string function, int status) =>
        $$"""{{Series.Invocations}}{faas_name="{{function}}",http_response_status_code="{{status}}"}""";

    [Fact]
    public async Task A_real_Prometheus_counts_exactly_the_invocations_made_by_function_and_status()
    {
        await using var scraped = await Scraped.StartAsync("prometheus-counts");
        var (http, prometheus) = (scraped.Host.Http, scraped.Prometheus);
        foreach (var (path, status, times) in new[]
        {
            ("api/metrics", 200, 3), ("api/metrics/nope", 404, 2), ("api/chart?width=5", 400, 1),
            ("api/chart?app=test-app", 502, 2), ("api/chart?app=functions-monitor", 200, 1),
        })
            for (var i = 0; i < times; i++)
                Assert.Equal(status, (int)(await http.GetAsync(path)).StatusCode);

        Assert.Equal(3, await prometheus.WaitForAsync(Invocations("MetricsFunction", 200), 3));
        Assert.Equal(2, await prometheus.WaitForAsync(Invocations("MetricsFunction", 404), 2));
        Assert.Equal(1, await prometheus.WaitForAsync(Invocations("ChartFunction", 400), 1));
        Assert.Equal(2, await prometheus.WaitForAsync(Invocations("ChartFunction", 502), 2));
        Assert.Equal(1, await prometheus.WaitForAsync(Invocations("ChartFunction", 200), 1));
        Assert.Equal(9, await prometheus.WaitForAsync($"sum({Series.InvokeDurationCount}{{faas_name!=\"HealthFunction\"}})", 9));
        Assert.Equal(0, await prometheus.WaitForAsync($"sum({Series.ActiveInvocations})", 0));
        Assert.Equal(2, await prometheus.WaitForAsync($$"""sum({{Series.Fetches}}{fetch_outcome="bad_gateway"})""", 2));
        Assert.Equal(1, await prometheus.WaitForAsync($"sum({Series.ChartRenders})", 1));
        Assert.Equal(0, await prometheus.WaitForAsync(Series.RenderQueue, 0));
        // What the runtime measures, not measured again: the refused calls to the metrics service (GETs; the worker's
        // own gRPC channel to its host is a POST).
        Assert.Equal(2, await prometheus.WaitForAsync($$"""sum({{Series.HttpClientRequestDurationCount}}{http_request_method="GET"})""", 2));
    }

    [Fact]
    public async Task The_KEDA_prometheus_triggers_query_reads_this_releases_chart_pods_from_a_real_scrape_of_the_app()
    {
        var trigger = HelmChart.Render(Scaling.Prometheus)
            .Single(o => o.Kind == "ScaledObject" && o.Component == "chart").Json["spec"]!["triggers"]![0]!;
        var query = trigger["metadata"]!["query"]!.GetValue<string>();
        // The same worker scraped three times, with the labels a cluster's discovery gives: one of this release's chart
        // pods, a metrics pod of the same release, a chart pod of another release in another namespace.
        Dictionary<string, string> Pod(string ns, string pod) => new() { ["namespace"] = ns, ["pod"] = pod };
        await using var scraped = await Scraped.StartAsync("prometheus-keda",
            Pod(HelmChart.Namespace, $"{HelmChart.Release}-chart-7d9f8b6c5d-x2x9q"),
            Pod(HelmChart.Namespace, $"{HelmChart.Release}-metrics-5c8d7f9b4-k7m2p"),
            Pod("staging", $"{HelmChart.Release}-chart-6b7c8d9f5-q4w8z"));
        Assert.Equal(HttpStatusCode.OK, (await scraped.Host.Http.GetAsync("api/chart?app=functions-monitor")).StatusCode);

        // Each series the query names is in a scrape, with the labels it matches on ...
        var scrape = await scraped.Host.ScrapeAsync();
        foreach (Match selector in QuerySelector().Matches(query))
            foreach (var matcher in selector.Groups[2].Value.Split(',').Where(m => !m.StartsWith("namespace=", StringComparison.Ordinal) && !m.StartsWith("pod=", StringComparison.Ordinal)))
                Assert.Matches("(?m)^" + selector.Groups[1].Value + @"\{[^}]*" + Regex.Escape(matcher), scrape);
        // ... the query gives KEDA a number from a real Prometheus (no chart is in flight now) ...
        Assert.Equal(0, await scraped.Prometheus.WaitForAsync(query, 0));
        // ... and it counts this release's chart pods only: of the three scrapes, one.
        var counted = query.Replace("sum(", "count(", StringComparison.Ordinal);
        Assert.NotEqual(counted, query);
        Assert.Equal(1, await scraped.Prometheus.WaitForAsync(counted, 1));
    }

    /// <summary>A series selector in PromQL: name{matchers}.</summary>
    [GeneratedRegex(@"([a-z_][a-z0-9_]*)\{([^}]*)\}")]
    private static partial Regex QuerySelector();
}
