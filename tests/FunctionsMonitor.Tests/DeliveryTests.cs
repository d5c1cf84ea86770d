using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.Tests;

public enum HelmVersion { Helm3, Helm4 }

/// <summary>The Helm chart against what kustomize builds, with Helm 3 and Helm 4 (installed by
/// scripts/install-test-tools.sh under .tools/helm-&lt;version&gt;).</summary>
public sealed class HelmTests
{
    private const string ChartPath = "charts/functions-monitor";

    /// <summary>The labels Helm adds that kustomize does not: the only allowed difference, in metadata.labels only.</summary>
    private static readonly string[] HelmLabels =
        ["helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/instance", "app.kubernetes.io/version"];

    public static TheoryData<HelmVersion, Variant> Renders => new()
    {
        { HelmVersion.Helm3, Variant.Addon }, { HelmVersion.Helm3, Variant.Cpu },
        { HelmVersion.Helm4, Variant.Addon }, { HelmVersion.Helm4, Variant.Cpu },
    };

    public static TheoryData<HelmVersion> Helms => [HelmVersion.Helm3, HelmVersion.Helm4];

    private static string Helm(HelmVersion version) => version == HelmVersion.Helm3
        ? Environment.GetEnvironmentVariable("HELM3") ?? Path.Combine(Tool.RepoRoot, ".tools/helm-3.17.3/helm")
        : Environment.GetEnvironmentVariable("HELM4") ?? Path.Combine(Tool.RepoRoot, ".tools/helm-4.1.4/helm");

    /// <summary><c>helm template</c> with <c>--set</c> values; a value written <c>json:key=value</c> goes by
    /// <c>--set-json</c> (with --set, Helm passes a decimal such as 2.5 as a string).</summary>
    private static ToolResult Template(HelmVersion helm, params string[] set) =>
        Tool.Run(Helm(helm), ["template", "functions-monitor", ChartPath, "-n", "functions-monitor",
            .. set.SelectMany(s => s.StartsWith("json:", StringComparison.Ordinal) ? new[] { "--set-json", s[5..] } : ["--set", s])]);

    [Theory]
    [MemberData(nameof(Helms))]
    public void Each_Helm_is_the_version_it_should_be(HelmVersion helm) =>
        Assert.StartsWith(helm == HelmVersion.Helm3 ? "v3.17.3" : "v4.1.4", Tool.Run(Helm(helm), ["version", "--short"]).Ok());

    [Theory]
    [MemberData(nameof(Renders))]
    public void The_chart_renders_what_kustomize_builds_but_the_namespace_and_Helms_own_labels(HelmVersion helm, Variant variant)
    {
        var kustomize = Kustomize.Parse(Kustomize.Build(Kustomize.CurrentKubectl, variant)).Where(o => o.Kind != "Namespace").ToList();
        var rendered = Kustomize.Parse(Template(helm, variant == Variant.Cpu ? ["scaling.variant=cpu"] : []).Ok());

        Assert.Equal(kustomize.Select(o => o.ToString()).Order(), rendered.Select(o => o.ToString()).Order());
        foreach (var o in rendered)
        {
            var labels = o.Json["metadata"]!["labels"]!.AsObject();
            Assert.Equal("functions-monitor", labels["app.kubernetes.io/instance"]!.GetValue<string>());
            Assert.Equal("Helm", labels["app.kubernetes.io/managed-by"]!.GetValue<string>());
            var helmless = o.Json.DeepClone().AsObject();
            foreach (var label in HelmLabels)
                helmless["metadata"]!["labels"]!.AsObject().Remove(label);
            var expected = kustomize.Single(k => k.ToString() == o.ToString()).Json;
            Assert.True(JsonNode.DeepEquals(expected, helmless),
                $"{o} differs:\nkustomize {expected.ToJsonString()}\nhelm      {helmless.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData(HelmVersion.Helm3, "chart.maxReplicas=ten", "maxReplicas")]
    [InlineData(HelmVersion.Helm4, "chart.maxReplicas=ten", "maxReplicas")]
    [InlineData(HelmVersion.Helm3, "scaling.variant=http", "variant")]
    [InlineData(HelmVersion.Helm4, "scaling.variant=http", "variant")]
    [InlineData(HelmVersion.Helm3, "metricsService.timeoutSeconds=-1", "timeoutSeconds")]
    [InlineData(HelmVersion.Helm4, "metricsService.timeoutSeconds=-1", "timeoutSeconds")]
    [InlineData(HelmVersion.Helm3, "image.tag=latest", "tag")]
    [InlineData(HelmVersion.Helm4, "apps[0].name=-bad", "name")]
    public void A_wrong_value_fails_naming_it(HelmVersion helm, string set, string name)
    {
        var result = Template(helm, set);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("schema", result.Stderr);
        Assert.Contains(name, result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void The_values_a_user_changes_reach_the_objects(HelmVersion helm)
    {
        var objects = Kustomize.Parse(Template(helm, "image.repository=ghcr.io/me/functions-monitor", "image.tag=2.0.1",
            "ingress.host=monitor.example.org", "chart.minReplicas=1", "chart.concurrencyTarget=4", "metrics.maxReplicas=5",
            "apps[0].name=shop", "apps[0].domain=shop.example.org", "json:metricsService.timeoutSeconds=2.5").Ok());
        Manifest Get(string kind, string name) => objects.Single(o => o.Kind == kind && o.Name == name);

        Assert.All(objects.Where(o => o.Kind == "Deployment"), d => Assert.Equal("ghcr.io/me/functions-monitor:2.0.1",
            d.Json["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>()));
        Assert.Equal("monitor.example.org", Get("Ingress", "functions-monitor").Json["spec"]!["rules"]![0]!["host"]!.GetValue<string>());
        Assert.Equal(1, Get("ScaledObject", "functions-monitor-chart").Json["spec"]!["minReplicaCount"]!.GetValue<long>());
        Assert.Equal(5, Get("ScaledObject", "functions-monitor-metrics").Json["spec"]!["maxReplicaCount"]!.GetValue<long>());
        Assert.Equal(4, Get("InterceptorRoute", "functions-monitor-chart").Json["spec"]!["scalingMetric"]!["concurrency"]!["targetValue"]!.GetValue<long>());
        var settings = Get("ConfigMap", "functions-monitor-settings").Json["data"]!;
        Assert.Equal("shop", settings["Metrics__Apps__0__Name"]!.GetValue<string>());
        Assert.Equal("2.5", settings["MetricsService__TimeoutSeconds"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void Helm_lint_strict_passes(HelmVersion helm)
    {
        var lint = Tool.Run(Helm(helm), ["lint", "--strict", ChartPath]);

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Contains("0 chart(s) failed", lint.Output);
    }

    /// <summary>Helm 4 renders an install's notes offline (Helm 3.17's client-side dry run still asks a cluster).</summary>
    [Fact]
    public void The_install_notes_say_how_to_reach_the_dashboard()
    {
        var notes = Tool.Run(Helm(HelmVersion.Helm4), ["install", "functions-monitor", ChartPath, "-n", "functions-monitor",
            "--dry-run=client", "--set", "ingress.host=monitor.example.org"]).Ok();

        Assert.Contains("http://monitor.example.org/api/dashboard", notes);
        Assert.Contains("kubectl get scaledobjects,hpa,pods -n functions-monitor -w", notes);
    }

    [Fact]
    public void One_version_everywhere_chart_image_tag_and_release_workflow()
    {
        var chart = File.ReadAllText(Path.Combine(Tool.RepoRoot, ChartPath, "Chart.yaml"));
        var version = Regex.Match(chart, @"(?m)^version: *(\S+)$").Groups[1].Value;
        var appVersion = Regex.Match(chart, @"(?m)^appVersion: *""?([^""\s]+)""?$").Groups[1].Value;
        var kustomization = File.ReadAllText(Path.Combine(Tool.RepoRoot, "k8s-keda/base/kustomization.yaml"));
        var release = File.ReadAllText(Path.Combine(Tool.RepoRoot, ".github/workflows/release.yml"));

        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
        Assert.Equal(version, appVersion);
        Assert.Equal(version, Regex.Match(kustomization, @"newTag: *""?([^""\s]+)""?").Groups[1].Value);
        // The release publishes tag v<version> only when it is the chart's version, and tags the image with it.
        Assert.Contains("charts/functions-monitor/Chart.yaml", release);
        Assert.Contains("tags: [\"v*.*.*\"]", release);
        Assert.Contains("version=\"${GITHUB_REF_NAME#v}\"", release);
        Assert.Contains(":${{ steps.names.outputs.version }}", release);
    }
}

/// <summary>compose.yaml, validated by a real Compose implementation (Debian's docker-compose 1.29, which renders
/// <c>docker-compose config</c> with no engine) and held to the app and the ConfigMap.</summary>
public sealed class ComposeTests
{
    private static JsonObject Config()
    {
        var rendered = Tool.Run("docker-compose", ["-f", "compose.yaml", "config"]).Ok();
        return Kustomize.ToJson(rendered);
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
        Assert.Equal(8080, Assert.Single(config["services"]!["chart"]!["ports"]!.AsArray())!["target"]!.GetValue<long>());
    }

    [Fact]
    public void Each_service_hosts_built_functions_and_the_chart_finds_metrics_by_its_compose_name()
    {
        var config = Config();
        var built = FunctionMetadata.FromBuildOutput().Select(f => f.Name).ToHashSet();
        string[] Functions(string service) => Environment(config, service).Where(e => e.Key.StartsWith("AzureFunctionsJobHost__functions__", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value!.GetValue<string>()).ToArray();

        Assert.Equal(["MetricsFunction", "MetricsHistoryFunction", "HealthFunction"], Functions("metrics"));
        Assert.Equal(["ChartFunction", "DashboardFunction", "OpenApiFunction", "HealthFunction"], Functions("chart"));
        Assert.All(Functions("metrics").Concat(Functions("chart")), f => Assert.Contains(f, built));
        var baseUrl = new Uri(Environment(config, "chart")["MetricsService__BaseUrl"]!.GetValue<string>());
        Assert.Equal("metrics", baseUrl.Host);
        Assert.Equal(new Uri(Environment(config, "metrics")["ASPNETCORE_URLS"]!.GetValue<string>().Replace("+", "x", StringComparison.Ordinal)).Port, baseUrl.Port);
        Assert.Equal("/api", baseUrl.AbsolutePath);
    }

    [Fact]
    public void Both_services_have_the_ConfigMaps_settings_and_run_unprivileged_read_only_with_a_healthcheck()
    {
        var config = Config();
        var configMap = Kustomize.Parse(Kustomize.Build(Kustomize.CurrentKubectl, Variant.Addon))
            .Single(o => o.Kind == "ConfigMap").Json["data"]!.AsObject();

        foreach (var service in new[] { "metrics", "chart" })
        {
            var env = Environment(config, service);
            Assert.All(configMap, setting => Assert.Equal(setting.Value!.ToString(), env[setting.Key]?.ToString()));
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
        var kustomization = File.ReadAllText(Path.Combine(Tool.RepoRoot, "k8s-keda/base/kustomization.yaml"));

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
