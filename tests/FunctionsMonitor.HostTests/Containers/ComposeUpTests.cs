using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace FunctionsMonitor.HostTests.Containers;

/// <summary>
/// <c>docker-compose up</c> of compose.yaml, for real: Debian's docker-compose against podman's Docker API, with the
/// image this run built. podman schedules a container's HEALTHCHECK with systemd timers, which these machines do not
/// run, so while <c>up</c> waits for the metrics service to be healthy (the chart's <c>depends_on</c>) the test runs each
/// container's healthcheck itself, as systemd would.
/// </summary>
[Collection(ImageCollection.Name)]
public sealed class ComposeUpTests(ImageFixture image)
{
    [Fact]
    public async Task Compose_up_runs_both_services_and_the_chart_reads_its_samples_from_the_metrics_service_by_its_compose_name()
    {
        var api = await image.DockerApiAsync();
        var project = ContainerEngine.ComposeProject;
        var port = Tool.FreeLoopbackPort();
        // This run's image under compose.yaml's own services: nothing else of the file changes.
        var overrideFile = Path.Combine(image.Context, "compose.tests.yaml");
        File.WriteAllText(overrideFile, $"services:\n  metrics:\n    image: {image.Image}\n  chart:\n    image: {image.Image}\n");
        var environment = new Dictionary<string, string?>(ContainerEngine.Environment)
        {
            ["DOCKER_HOST"] = api.Address,
            ["COMPOSE_PROJECT_NAME"] = project,
            ["FUNCTIONS_MONITOR_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        string[] files = ["-f", "compose.yaml", "-f", "compose.tests.yaml"];
        var watch = Stopwatch.StartNew();
        try
        {
            using (var up = Process.Start(Start("docker-compose", [.. files, "up", "-d", "--no-build"], environment))!)
            {
                var stdout = up.StandardOutput.ReadToEndAsync();
                var stderr = up.StandardError.ReadToEndAsync();
                // podman runs no healthcheck by itself here: run them, once a second, until `up` has seen them healthy.
                await Poll.UntilAsync(() =>
                {
                    foreach (var id in ContainerEngine.Podman(["ps", "-q", "--filter", $"label=com.docker.compose.project={project}"]).Stdout
                                 .Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        ContainerEngine.Podman(["healthcheck", "run", id]);
                    return up.HasExited;
                }, exited => exited, seconds: 180, intervalSeconds: 1);
                if (!up.HasExited)
                    up.Kill(entireProcessTree: true);
                await up.WaitForExitAsync();
                Assert.True(up.ExitCode == 0, $"docker-compose up failed ({up.ExitCode}):\n{await stderr}\n{await stdout}");
            }

            var chartContainer = new RunningContainer($"{project}_chart_1", Side.Chart, port);
            var http = chartContainer.Http;
            await chartContainer.WaitForAsync("/api/healthz", watch, watch.Elapsed + TimeSpan.FromSeconds(90));
            ImageFixture.Report($"compose: up and the chart ready {watch.Elapsed.TotalSeconds:F1} s after docker-compose up");

            using var chart = await http.GetAsync("api/chart");
            Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
            Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
            // The sample came from the metrics container, found by its Compose name (MetricsService__BaseUrl).
            var metrics = new RunningContainer($"{project}_metrics_1", Side.Metrics, 0);
            var metricsHost = metrics.Hostname;
            Assert.Equal(metricsHost, chart.Headers.GetValues("X-Metrics-Host").Single());
            Assert.NotEqual(chartContainer.Hostname, metricsHost);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/dashboard")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("admin/host/status")).StatusCode);
            // The check docs/deploy.md gives after docker-compose up: only the chart is published.
            var smoke = Tool.Run("bash", ["scripts/smoke.sh", "--chart-only", $"http://127.0.0.1:{port}"], timeout: TimeSpan.FromMinutes(2));
            Assert.True(smoke.ExitCode == 0, smoke.Output);
            Assert.Contains("ok   GET /api/metrics is not published (404)", smoke.Stdout);
            Assert.EndsWith("0 failure(s)\n", smoke.Stdout);
            // Compose gave both services the file's user and read-only root.
            foreach (var service in new[] { metrics, chartContainer })
                Assert.Equal("10001:10001 true", ContainerEngine.Podman(["inspect", "--format", "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}", service.Name]).Ok().Trim());
        }
        finally
        {
            // What a user runs to remove it: the containers and the project's network go (the fixture removes whatever
            // this leaves).
            Tool.Run("docker-compose", [.. files, "down", "--remove-orphans", "-t", "2"], image.Context, TimeSpan.FromMinutes(2), environment);
        }
        Assert.Empty(ContainerEngine.Podman(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"]).Ok().Trim());

        ProcessStartInfo Start(string file, string[] args, Dictionary<string, string?> env)
        {
            var start = new ProcessStartInfo(file, args)
            {
                WorkingDirectory = image.Context,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (key, value) in env)
                start.Environment[key] = value;
            return start;
        }
    }
}
