using System.Net;

namespace FunctionsMonitor.HostTests;

[Collection(SplitCollection.Name)]
public sealed class DeploymentSplitTests(SplitFixture fixture)
{
    /// <summary>What each side must serve: the metrics side its two routes (and the public health check), the chart
    /// side the rest. Held here, not read from the manifests, so that a wrong function filter there fails.</summary>
    public static TheoryData<Side, string, bool> Routes => new()
    {
        { Side.Metrics, "api/metrics", true },
        { Side.Metrics, "api/metrics/shop/history?seconds=5", true },
        { Side.Metrics, "api/healthz", true },
        { Side.Metrics, "api/chart", false },
        { Side.Metrics, "api/dashboard", false },
        { Side.Metrics, "api/openapi.json", false },
        { Side.Chart, "api/chart", true },
        { Side.Chart, "api/dashboard", true },
        { Side.Chart, "api/openapi.json", true },
        { Side.Chart, "api/healthz", true },
        { Side.Chart, "api/metrics", false },
        { Side.Chart, "api/metrics/shop/history", false },
    };

    private AppHost Host(Side side) => side == Side.Metrics ? fixture.Metrics : fixture.Chart;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_Deployment_answers_its_own_routes_and_404_for_the_other_sides(Side side, string path, bool served)
    {
        using var response = await Host(side).Http.GetAsync(path);

        Assert.Equal(served ? HttpStatusCode.OK : HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_function_filters_come_from_the_manifests_and_name_functions_the_app_has()
    {
        Assert.Equal(["MetricsFunction", "MetricsHistoryFunction", "HealthFunction"], Deployments.Functions(Side.Metrics));
        Assert.Equal(["ChartFunction", "DashboardFunction", "OpenApiFunction", "HealthFunction"], Deployments.Functions(Side.Chart));
    }

    [Theory]
    [InlineData(Side.Metrics)]
    [InlineData(Side.Chart)]
    public async Task The_hosts_admin_API_answers_401_without_a_key(Side side)
    {
        using var response = await Host(side).Http.GetAsync("admin/host/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Where_each_workers_scrape_endpoint_listens_is_in_its_hosts_log()
    {
        foreach (var host in new[] { fixture.Metrics, fixture.Chart })
        {
            Assert.Contains($"Prometheus metrics at http://*:{host.MetricsPort}/metrics", host.Log);
            Assert.Contains("# TYPE", await host.ScrapeAsync());
        }
    }

    [Fact]
    public async Task The_chart_side_draws_the_metrics_sides_samples_reached_by_its_url()
    {
        var svg = await fixture.Chart.Http.GetStringAsync("api/chart?app=shop&format=svg");
        using var history = await fixture.Chart.Http.GetAsync("api/chart?app=shop&kind=history&seconds=30");

        Assert.Contains("AppName: shop", svg);
        Assert.Contains("Domain: shop.example.com", svg);
        Assert.Contains("MaxLatency", svg);
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        // An app the metrics side does not know: its 404, passed through.
        await fixture.Chart.Http.GetAsync("api/chart?app=test-app").ProblemAsync(HttpStatusCode.NotFound);
    }
}
