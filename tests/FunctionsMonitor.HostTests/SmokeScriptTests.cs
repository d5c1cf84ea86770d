using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.HostTests;

/// <summary>scripts/smoke.sh, the check docs/deploy.md runs after every deployment, against the app in the real host
/// (both sides in one, as Compose's published port and a cluster's exposure answer the same public paths).</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class SmokeScriptTests(DefaultHostFixture fixture)
{
    private static ToolResult Smoke(params string[] args) => Tool.Run("bash", ["scripts/smoke.sh", .. args], timeout: TimeSpan.FromMinutes(2));

    [Fact]
    public void Passes_against_the_running_app_with_and_without_a_host_name()
    {
        var baseUrl = fixture.Host.BaseUrl.ToString();

        foreach (var result in new[] { Smoke(baseUrl), Smoke(baseUrl, "functions-monitor.example.com") })
        {
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("ok   GET /api/chart body is a PNG", result.Stdout);
            Assert.Contains("ok   GET /api/healthz is 200", result.Stdout);
            // The host guards its admin API with a key.
            Assert.Contains("ok   GET /admin/host/status is not reachable (401)", result.Stdout);
            Assert.EndsWith("0 failure(s)\n", result.Stdout);
        }
    }

    [Fact]
    public void Fails_and_names_each_check_when_the_routes_are_not_where_it_looks()
    {
        var result = Smoke(new Uri(fixture.Host.BaseUrl, "elsewhere").ToString());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("FAIL GET /api/chart is 200: expected 200, got 404", result.Stdout);
        Assert.Contains("FAIL GET /api/metrics is 200: expected 200, got 404", result.Stdout);
        Assert.DoesNotContain("0 failure(s)", result.Stdout);
    }
}
