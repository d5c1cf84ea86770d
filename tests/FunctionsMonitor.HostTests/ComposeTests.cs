using FunctionsMonitor.Tests.Hosting;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.Tests;

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
        string[] Functions(string service) => Environment(config, service).Where(e => e.Key.StartsWith("AzureFunctionsJobHost__functions__", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value!.GetValue<string>()).ToArray();

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

/// <summary>The GitHub workflows, offline: the published schema (@action-validator/cli), pinned actions, least
/// permissions, no secret printed, and the image name the chart and kustomize expect.</summary>
public sealed partial class WorkflowTests
{
    private static string Validator =>
        System.Environment.GetEnvironmentVariable("ACTION_VALIDATOR") ?? Path.Combine(Tool.RepoRoot, ".tools/action-validator/node_modules/.bin/action-validator");

    public static TheoryData<string> Workflows => [".github/workflows/ci.yml", ".github/workflows/release.yml"];

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Tool.RepoRoot, file))));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Each_workflow_validates_against_the_published_schema(string file)
    {
        var result = Tool.Run(Validator, [file]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void The_validator_rejects_a_workflow_with_an_unknown_key() =>
        Assert.NotEqual(0, Tool.OnAlteredCopy(".github/workflows/ci.yml", "    runs-on: ubuntu-24.04",
            "    runs-on: ubuntu-24.04\n    run-on: ubuntu-24.04", broken => Tool.Run(Validator, [broken])).ExitCode);

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_to_a_full_commit_sha_with_its_tag_in_a_comment(string file)
    {
        var uses = UsesLine().Matches(File.ReadAllText(Path.Combine(Tool.RepoRoot, file))).ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches(@"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", u.Groups[1].Value));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Permissions_are_least_per_job_and_no_secret_reaches_a_script(string file)
    {
        var workflow = Load(file);
        var top = workflow.Children[new YamlScalarNode("permissions")];
        Assert.True(top is YamlMappingNode { Children.Count: 0 }
            || (top is YamlMappingNode m && m.Children.All(p => p.Value.ToString() == "read")), "workflow permissions: {} or read only");
        foreach (var (name, job) in ((YamlMappingNode)workflow.Children[new YamlScalarNode("jobs")]).Children)
        {
            var permissions = (YamlMappingNode)((YamlMappingNode)job).Children[new YamlScalarNode("permissions")];
            var writes = permissions.Children.Where(p => p.Value.ToString() == "write").Select(p => p.Key.ToString()).ToList();
            // Only the release jobs push, and only packages.
            Assert.True(writes.Count == 0 || (file.EndsWith("release.yml", StringComparison.Ordinal) && writes.SequenceEqual(["packages"])),
                $"{name}: writes {string.Join(", ", writes)}");
            foreach (var step in ((YamlSequenceNode)((YamlMappingNode)job).Children[new YamlScalarNode("steps")]).Cast<YamlMappingNode>())
                if (step.Children.TryGetValue(new YamlScalarNode("run"), out var run))
                    Assert.DoesNotContain("secrets.", run.ToString());
        }
    }

    [Fact]
    public void CI_runs_dot_ci_run_in_debian_12_with_the_dotnet_10_sdk_from_microsofts_feed()
    {
        var ci = File.ReadAllText(Path.Combine(Tool.RepoRoot, ".github/workflows/ci.yml"));

        Assert.Contains("container: debian:12", ci);
        Assert.Contains("https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb", ci);
        Assert.Contains("apt-get install -y --no-install-recommends dotnet-sdk-10.0", ci);
        Assert.Contains("run: bash .ci/run", ci);
        Assert.Matches(@"(?m)^  push:\s*$", ci);
        Assert.Matches(@"(?m)^  pull_request:\s*$", ci);
    }

    [Fact]
    public void The_released_image_and_chart_names_agree_with_the_charts_and_kustomizes_defaults()
    {
        var release = File.ReadAllText(Path.Combine(Tool.RepoRoot, ".github/workflows/release.yml"));
        var image = Regex.Match(release, @"image=ghcr\.io/\$\{GITHUB_REPOSITORY_OWNER,,\}/([a-z0-9-]+)").Groups[1].Value;
        var values = File.ReadAllText(Path.Combine(Tool.RepoRoot, "charts/functions-monitor/values.yaml"));
        var kustomization = File.ReadAllText(Path.Combine(Tool.RepoRoot, "k8s-keda/addon/kustomization.yaml"));

        Assert.Equal("functions-monitor", image);
        Assert.EndsWith("/" + image, Regex.Match(values, @"(?m)^  repository: (\S+)$").Groups[1].Value);
        Assert.EndsWith("/" + image, Regex.Match(kustomization, @"newName: (\S+)").Groups[1].Value);
        // The chart goes to its own path, not the image's.
        Assert.Matches(@"(?m)^\s*""\$helm"" push \S+ ""oci://ghcr\.io/\$\{GITHUB_REPOSITORY_OWNER,,\}/charts""$", release);
        Assert.Contains("$GITHUB_STEP_SUMMARY", release);
        Assert.Contains("steps.build.outputs.digest", release);
    }

    [GeneratedRegex(@"(?m)^\s*(?:-\s*)?uses:\s*(.+?)\s*$")]
    private static partial Regex UsesLine();
}
