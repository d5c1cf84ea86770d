using System.Diagnostics;
using System.Net;

namespace FunctionsMonitor.HostTests;

[Collection(MetricsDownCollection.Name)]
public sealed class MetricsDownTests(MetricsDownFixture fixture)
{
    [Fact]
    public async Task An_upstream_that_is_not_listening_is_a_502_problem_within_the_bound()
    {
        var clock = Stopwatch.StartNew();

        var problem = await fixture.Host.Http.GetAsync("api/chart?app=test-app").ProblemAsync(HttpStatusCode.BadGateway);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("MetricsService__BaseUrl", problem.GetProperty("detail").GetString());
    }
}
