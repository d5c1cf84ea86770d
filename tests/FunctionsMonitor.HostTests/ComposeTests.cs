using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>compose.yaml, validated by a real Compose implementation (Debian's docker-compose 1.29, which renders
/// <c>docker-compose config</c> with no engine) and held to the app and to what the Helm chart renders.</summary>
public sealed partial class ComposeTests
{
    private static JsonObject Config()
    {
        var rendered = Tool.Run("docker-compose", ["-f", "compose.yaml", "config"]).Ok();
        return Yaml.ToJson(rendered);
    }

    private static JsonObject Environment(JsonObject config, string service) =>
        config["services"]![service]!["environment"]!.AsObject();

    [Fact]
    public void Compose_validates_the_file_and_runs_both_sides_from_one_image()
    {
        var config = Config();

        Assert.Equal(["chart", "metrics"], config["services"]!.AsObject().Select(s => s.Key).Order());
        Assert.Equal(config["services"]!["chart"]!["image"]!.GetValue<string>(), config["services"]!["metrics"]!["image"]!.GetValue<string>());
        // Only the chart is published.
        Assert.Null(config["services"]!["metrics"]!["ports"]);
        // Compose v1 writes the short form (127.0.0.1:8080:8080/tcp), v2 the long one.
        var port = Assert.Single(config["services"]!["chart"]!["ports"]!.AsArray())!;
        var (hostIp, published, target) = port is JsonObject o
            ? (o["host_ip"]?.ToString(), o["published"]?.ToString(), o["target"]!.ToString())
            : PortShortForm().Match(port.GetValue<string>()) is { Success: true } m
                ? (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)
                : throw new InvalidOperationException($"unexpected port {port}");
        Assert.Equal(("8080", "8080"), (published, target));
        // A local demo: this machine only, not every interface.
        Assert.Equal("127.0.0.1", hostIp);
    }

    [Fact]
    public void Each_service_hosts_built_functions_and_the_chart_finds_metrics_by_its_compose_name()
    {
        var config = Config();
        var built = FunctionMetadata.FromBuildOutput().Select(f => f.Name).ToHashSet();
        string[] Functions(string service) =>
            Objects.Functions(Environment(config, service).Select(e => KeyValuePair.Create(e.Key, e.Value!.GetValue<string>())));

        // The same lists as the chart's values, in the same order.
        Assert.Equal(HelmChart.Functions("metrics"), Functions("metrics"));
        Assert.Equal(HelmChart.Functions("chart"), Functions("chart"));
        Assert.All(Functions("metrics").Concat(Functions("chart")), f => Assert.Contains(f, built));
        var baseUrl = new Uri(Environment(config, "chart")["MetricsService__BaseUrl"]!.GetValue<string>());
        Assert.Equal("metrics", baseUrl.Host);
        Assert.Equal(new Uri(Environment(config, "metrics")["ASPNETCORE_URLS"]!.GetValue<string>().Replace("+", "x", StringComparison.Ordinal)).Port, baseUrl.Port);
        Assert.Equal("/api", baseUrl.AbsolutePath);
    }

    [Fact]
    public void Both_services_have_the_charts_settings_and_run_unprivileged_read_only_with_a_healthcheck()
    {
        var config = Config();
        var rendered = HelmChart.Render(Scaling.Addon);
        var configMap = rendered.Single(o => o.Kind == "ConfigMap").Json["data"]!.AsObject();

        foreach (var service in new[] { "metrics", "chart" })
        {
            var env = Environment(config, service);
            Assert.All(configMap, setting => Assert.Equal(setting.Value!.ToString(), env[setting.Key]?.ToString()));
            // And what the side's Deployment sets itself, but the names that are the cluster's (the Service the chart
            // calls, the service name with the release in it) and the pod's own name.
            var podEnv = Deployments.PodEnvironment(service == "metrics" ? Side.Metrics : Side.Chart)
                .Select(e => (Name: e.Key, e.Value))
                .Where(e => e.Name is not ("MetricsService__BaseUrl" or "OTEL_SERVICE_NAME"))
                .ToList();
            Assert.NotEmpty(podEnv);
            Assert.All(podEnv, e => Assert.True(env[e.Name]?.ToString() == e.Value,
                $"{service}: {e.Name} is {env[e.Name]?.ToString() ?? "unset"} in compose.yaml, {e.Value} in the chart"));
            Assert.All(env.Where(e => e.Key.StartsWith("AzureFunctionsJobHost__functions__", StringComparison.Ordinal)),
                e => Assert.Contains(podEnv, p => p.Name == e.Key));
            Assert.Equal("/tmp", env["HOME"]!.GetValue<string>());
            var s = config["services"]![service]!;
            Assert.Equal("10001:10001", s["user"]!.GetValue<string>());
            Assert.True(s["read_only"]!.GetValue<bool>());
            Assert.Contains("/tmp", s["tmpfs"]!.AsArray().Select(t => t!.GetValue<string>()));
            var test = string.Join(' ', s["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()));
            // A tool the Functions image has (bash), no curl or wget; the readiness route.
            Assert.StartsWith("CMD bash -c", test);
            Assert.Contains("/dev/tcp/127.0.0.1/8080", test);
            Assert.Contains("GET /api/healthz", test);
        }
    }

    /// <summary>host_ip:published:target[/protocol].</summary>
    [GeneratedRegex(@"^([0-9.]+):(\d+):(\d+)(?:/tcp)?$")]
    private static partial Regex PortShortForm();

    [Fact]
    public void Compose_rejects_a_broken_file() =>
        Assert.NotEqual(0, Tool.OnAlteredCopy("compose.yaml", "read_only: true", "read_only: maybe",
            broken => Tool.Run("docker-compose", ["-f", broken, "config"])).ExitCode);
}
