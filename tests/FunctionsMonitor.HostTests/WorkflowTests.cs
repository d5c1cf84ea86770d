using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.HostTests;

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
