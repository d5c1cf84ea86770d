using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests.Containers;

/// <summary>
/// The image as users get it: built by podman from the unmodified Dockerfile, run as each Deployment runs it (its
/// security context, environment, ports and probe paths), both sides side by side, the chart reaching the metrics side
/// by the metrics Service's name.
/// </summary>
[Collection(ImageCollection.Name)]
public sealed partial class ImageTests(ImageFixture image)
{
    public static TheoryData<Side> Sides => [Side.Metrics, Side.Chart];

    private RunningContainer Container(Side side) => side == Side.Metrics ? image.Metrics : image.Chart;

    /// <summary>A function's route with its parameters filled in, under the host's prefix.</summary>
    private static string Path(FunctionMetadata f) => "/api/" + AppParameter().Replace(f.Route, "test-app");

    [Fact]
    public void A_container_of_the_image_runs_unprivileged_when_no_user_is_given()
    {
        // func kubernetes deploy's Deployment, a plain `docker run` and Compose without its user line give none.
        var uid = image.RunOnce("--entrypoint", "id", image.Image, "-u").Ok().Trim();
        var user = ContainerEngine.Podman(["image", "inspect", "--format", "{{.Config.User}}", image.Image]).Ok().Trim();

        Assert.Equal("10001", uid);
        Assert.Equal("10001:10001", user);
    }

    [Fact]
    public void The_image_adds_to_its_base_only_the_font_and_the_published_app_for_one_platform()
    {
        static List<(long Bytes, string Step)> History(string name) =>
            JsonNode.Parse(ContainerEngine.Podman(["history", "--format", "json", name]).Ok())!.AsArray()
                .Select(l => (l!["size"]!.GetValue<long>(), l["CreatedBy"]?.GetValue<string>() ?? "")).ToList();
        var baseImage = Regex.Matches(File.ReadAllText(System.IO.Path.Combine(Tool.RepoRoot, "Dockerfile")), @"(?m)^FROM\s+(\S+)")[^1].Groups[1].Value;
        var ours = History(image.Image);
        // The newest layers come first: those above the base's are the Dockerfile's last stage.
        var layers = ours[..^History(baseImage).Count];
        var ourBytes = layers.Sum(l => l.Bytes);
        var app = long.Parse(image.RunOnce("--entrypoint", "du", image.Image, "-sb", "/home/site/wwwroot").Ok().Split('\t')[0], CultureInfo.InvariantCulture);
        ImageFixture.Report($"our layers (the last stage, squashed by --layers=false): {ourBytes / 1e6:F1} MB, of which the published app " +
                            $"{app / 1e6:F1} MB; build {image.BuildTime.TotalSeconds:F0} s");

        // The font package and the app published for linux-x64 alone: about 33 MB here (29 MB of app with ReadyToRun);
        // the app for every platform would be about 170 MB.
        Assert.InRange(ourBytes, 10_000_000, 60_000_000);
        Assert.InRange(app, 10_000_000, ourBytes);
        Assert.Equal(0, image.RunOnce("--entrypoint", "test", image.Image, "-f", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").ExitCode);
        var published = image.RunOnce("--entrypoint", "ls", image.Image, "-A", "/home/site/wwwroot").Ok().Split('\n');
        Assert.Contains("FunctionsMonitor.dll", published);
        Assert.Contains("worker.config.json", published);
        Assert.Contains(".azurefunctions", published);
        Assert.DoesNotContain("local.settings.json", published);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public void Run_as_its_Deployment_each_side_is_alive_and_ready_within_the_startup_probes_budget_and_its_memory_limit(Side side)
    {
        var container = Container(side);
        var budget = ImageFixture.StartupBudget(side);
        var limit = Deployments.DeploymentContainer(side)["resources"]!["limits"]!["memory"]!.GetValue<string>();
        var (host, worker) = container.MemoryAfterStart;

        Assert.True(container.Alive < budget, $"{side}: {ImageFixture.Probe(side, "startupProbe")} answered after {container.Alive.TotalSeconds:F1} s, the startup probe allows {budget.TotalSeconds} s");
        Assert.True(container.Ready < budget, $"{side}: {ImageFixture.Probe(side, "readinessProbe")} answered after {container.Ready.TotalSeconds:F1} s, the startup probe allows {budget.TotalSeconds} s");
        Assert.True(host > 0 && worker > 0, $"{side}: no host or worker process found ({host} KiB, {worker} KiB)");
        Assert.True((host + worker) * 1024 < Mebibytes(limit) * 1024 * 1024,
            $"{side}: host {host / 1024} MiB + worker {worker / 1024} MiB after start, the limit is {limit}");
    }

    private static long Mebibytes(string quantity) => quantity.EndsWith("Gi", StringComparison.Ordinal)
        ? long.Parse(quantity[..^2], CultureInfo.InvariantCulture) * 1024
        : long.Parse(quantity.TrimEnd('M', 'i'), CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task Each_side_serves_every_route_of_its_functions_and_404_for_the_others(Side side)
    {
        var container = Container(side);
        var hosted = Deployments.Functions(side);
        foreach (var function in FunctionMetadata.FromBuildOutput())
        {
            using var response = await container.Http.GetAsync(Path(function).TrimStart('/'));
            var expected = hosted.Contains(function.Name) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.True(response.StatusCode == expected, $"{side}: GET {Path(function)} is {(int)response.StatusCode}, expected {(int)expected}");
        }
    }

    [Fact]
    public async Task The_chart_draws_samples_it_read_from_the_metrics_container_by_the_metrics_Services_name()
    {
        using var response = await image.Chart.Http.GetAsync("api/chart");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var png = Images.Decode(body);
        Assert.Equal((1024, 512), (png.Width, png.Height));
        // Text was drawn: the font is in the image.
        Assert.True(Images.DarkPixels(png, 0, 60, 100, 924) > 500, "no title text: the image has no font");
        // The sample's host is the machine that produced it: the metrics container, not the chart's.
        Assert.Equal(image.Metrics.Hostname, response.Headers.GetValues("X-Metrics-Host").Single());
        using var metrics = await image.Metrics.Http.GetAsync("api/metrics/test-app");
        Assert.Equal("application/json", metrics.Content.Headers.ContentType?.ToString());
        var sample = JsonDocument.Parse(await metrics.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("test-app", sample.GetProperty("app_name").GetString());
        Assert.Equal(image.Metrics.Hostname, sample.GetProperty("host").GetString());
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task The_admin_API_is_401_without_a_key_and_the_liveness_probes_ping_answers(Side side)
    {
        var container = Container(side);

        Assert.Equal(HttpStatusCode.Unauthorized, (await container.Http.GetAsync("admin/host/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await container.Http.GetAsync("admin/functions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await container.Http.GetAsync(ImageFixture.Probe(side, "livenessProbe").TrimStart('/'))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task Successful_requests_write_no_log_line(Side side)
    {
        var container = Container(side);
        var paths = FunctionMetadata.FromBuildOutput().Where(f => Deployments.Functions(side).Contains(f.Name)).Select(Path).ToList();
        // A request the host does log, its refusal of a keyless /admin call, marks where the log stands: before the
        // successful requests, and after them (every line between the two marks would be theirs).
        var start = await MarkAsync(container);
        for (var i = 0; i < 10; i++)
            foreach (var path in paths)
                Assert.Equal(HttpStatusCode.OK, (await container.Http.GetAsync(path.TrimStart('/'))).StatusCode);
        await MarkAsync(container);

        var lines = container.Logs().Split('\n');
        var theirs = HostLog.WithoutLeaseNotice(lines[start..].TakeWhile(l => !l.Contains("Microsoft.AspNetCore.Authorization", StringComparison.Ordinal))
            .Where(l => l.Trim().Length > 0).ToList());
        Assert.True(theirs.Count == 0, $"{side}: {10 * paths.Count} successful requests wrote:\n{string.Join('\n', theirs)}");
    }

    /// <summary>Asks /admin/host/status without a key and waits until the host has logged its refusal, whose last line is
    /// the Bearer scheme's challenge; returns the number of log lines then.</summary>
    private static async Task<int> MarkAsync(RunningContainer container)
    {
        const string last = "AuthenticationScheme: Bearer was challenged.";
        int Count(string[] lines) => lines.Count(l => l.Contains(last, StringComparison.Ordinal));
        var before = Count(container.Logs().Split('\n'));
        Assert.Equal(HttpStatusCode.Unauthorized, (await container.Http.GetAsync("admin/host/status")).StatusCode);
        var lines = await Poll.UntilAsync(() => container.Logs().Split('\n'), logged => Count(logged) > before, seconds: 15);
        Assert.True(Count(lines) > before, $"the host logged no refusal of /admin/host/status within 15 s:\n{container.Tail()}");
        return Array.FindLastIndex(lines, l => l.Contains(last, StringComparison.Ordinal)) + 1;
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public void The_root_filesystem_is_read_only_and_the_host_writes_under_tmp_as_the_pods_user(Side side)
    {
        var container = Container(side);

        foreach (var folder in new[] { "/home/site/wwwroot", "/azure-functions-host", "/home" })
        {
            var write = container.Exec("touch", folder + "/written-by-a-test");
            Assert.NotEqual(0, write.ExitCode);
            Assert.Contains("Read-only file system", write.Output);
        }
        // The host's own files (HOME=/tmp) are on the emptyDir, owned by the pod's user.
        Assert.Equal("10001", container.Exec("stat", "-c", "%u", "/tmp/Functions").Ok().Trim());
        Assert.Equal("10001", container.Exec("id", "-u").Ok().Trim());
    }

    [GeneratedRegex(@"\{app\??\}")]
    private static partial Regex AppParameter();
}
