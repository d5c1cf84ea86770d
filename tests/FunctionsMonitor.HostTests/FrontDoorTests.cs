using System.Net;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>
/// The README's run command, exactly: <c>func start</c> in the fresh copy, with nothing built before. Then the
/// configuration guide's second host beside it (<c>func start --no-build</c> from <c>bin/output</c>, the chart over
/// HTTP from the first), and <c>dotnet run</c>, which the Worker SDK turns into <c>func start</c>.
/// </summary>
[Collection(FreshCopyCollection.Name)]
public sealed partial class FrontDoorTests(FreshCopyFixture copy)
{
    [Fact]
    public async Task Func_start_in_a_fresh_copy_lists_every_function_and_serves_every_route()
    {
        await using var host = await AppHost.StartCoreToolsAsync("func-start", copy.Clone);

        var listed = ListedRoute().Matches(host.Log).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(ApiContract.Functions.Keys.Order(), listed.Keys.Order());
        foreach (var (function, (route, _, _)) in ApiContract.Functions)
            Assert.Equal($"http://localhost:{host.Port}/api/{route}", listed[function]);
        foreach (var path in new[] { "api/metrics", "api/metrics/test-app", "api/metrics/test-app/history?seconds=5", "api/chart",
            "api/chart?format=svg", "api/dashboard", "api/openapi.json", "api/healthz" })
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(path)).StatusCode);
        using var image = Images.Decode(await host.Http.GetByteArrayAsync("api/chart"));
        Assert.Equal((1024, 512), (image.Width, image.Height));
        // Core Tools built the app alone into bin/output: no tests, benchmarks or browser driver beside it.
        Assert.DoesNotContain(copy.Files(Path.Combine(copy.Clone, "bin", "output")), f => f.Contains("Tests", StringComparison.Ordinal)
            || f.Contains("Benchmarks", StringComparison.Ordinal) || f.Contains("Playwright", StringComparison.Ordinal));

        // A second host beside it, as docs/configuration.md says: from bin/output, without building (which would change
        // the first host's files under it), on its own port, reading samples from the first over HTTP.
        await using var chart = await AppHost.StartCoreToolsAsync("func-start-no-build", Path.Combine(copy.Clone, "bin", "output"),
            new Dictionary<string, string?> { ["MetricsService__BaseUrl"] = host.ApiUrl },
            [FunctionsTools.Func, "start", "--no-build"]);
        var svg = await chart.Http.GetStringAsync("api/chart?format=svg");
        Assert.Contains("AppName: test-app", svg);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/metrics")).StatusCode); // the first keeps serving
        Assert.Contains("MaxLatency", svg); // our metrics service's sample, not the Go seed's
    }

    [Fact]
    public async Task Dotnet_run_starts_the_app_in_Core_Tools_when_func_is_on_PATH()
    {
        var path = Path.GetDirectoryName(FunctionsTools.Func) + ":" + Environment.GetEnvironmentVariable("PATH");

        await using var host = await AppHost.StartCoreToolsAsync("dotnet-run", copy.Clone,
            new Dictionary<string, string?> { ["PATH"] = path }, ["dotnet", "run", "--"]);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/metrics")).StatusCode);
        Assert.Contains(Path.Combine("bin", "Debug", "net10.0"), host.Log);
    }

    /// <summary>A function in Core Tools' list: "  ChartFunction:  http://localhost:7071/api/chart" (with its methods in
    /// brackets before the URL when the trigger names some).</summary>
    [GeneratedRegex(@"(\w+Function): +(?:\[[A-Z,]+\] )?(http\S+)")]
    private static partial Regex ListedRoute();
}
