using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>The README and docs/ as a reader follows them: every relative link and #anchor resolves, the examples keep
/// the contract's invariants, and CI runs the README's own test command.</summary>
public sealed partial class DocsTests
{
    public static TheoryData<string> MarkdownFiles => [.. Markdown.Files()];

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_and_anchor_resolves(string file)
    {
        var broken = new List<string>();
        foreach (var link in Markdown.Links(Markdown.Read(file)))
        {
            if (UrlScheme().IsMatch(link))
                continue;
            var hash = link.IndexOf('#');
            var (path, anchor) = hash < 0 ? (link, null) : (link[..hash], link[(hash + 1)..]);
            var target = path.Length == 0 ? file : Path.GetRelativePath(Tool.RepoRoot,
                Path.GetFullPath(Path.Combine(Tool.RepoRoot, Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path))));
            var full = Path.Combine(Tool.RepoRoot, target);
            if (!File.Exists(full) && !Directory.Exists(full))
                broken.Add($"{link}: no file {target}");
            else if (anchor is not null && !(File.Exists(full) && Markdown.Anchors(Markdown.Read(target)).Contains(anchor)))
                broken.Add($"{link}: no heading with the anchor #{anchor} in {target}");
        }
        Assert.True(broken.Count == 0, $"{file}:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("The alternative: `func kubernetes deploy` *(not run here)*", "the-alternative-func-kubernetes-deploy-not-run-here")]
    [InlineData("What the tests verify, and what they cannot", "what-the-tests-verify-and-what-they-cannot")]
    [InlineData("Quickstart on a local cluster (kind) *(not run here)*", "quickstart-on-a-local-cluster-kind-not-run-here")]
    [InlineData("Bytes: 1024×512 → PNG", "bytes-1024512--png")]
    [InlineData("`Metrics__Apps` and [the catalogue](x.md)", "metrics__apps-and-the-catalogue")]
    public void Heading_slugs_follow_GitHubs_rules(string heading, string slug) =>
        Assert.Equal(slug, Markdown.Slug(heading));

    [Fact]
    public void Repeated_headings_get_numbered_anchors_as_on_GitHub() =>
        Assert.Equal(["usage", "usage-1", "usage-2"], Markdown.Anchors("# Usage\n## Usage\n```\n# not a heading\n```\n### Usage\n"));

    [Fact]
    public void Links_inside_code_are_not_links() =>
        Assert.Equal(["b.md"], Markdown.Links("`[a](a.md)` [b](b.md)\n```\n[c](c.md)\n```\n"));

    [Fact]
    public void Every_sample_shown_in_the_docs_and_the_OpenAPI_document_keeps_the_failRatio_invariant()
    {
        var samples = Markdown.Files().SelectMany(f => JsonBlocks().Matches(Markdown.Read(f)).Select(m => m.Groups[1].Value))
            .Append(File.ReadAllText(Path.Combine(Tool.RepoRoot, "OpenApiFunction/openapi.json")))
            .SelectMany(json => Indexes(JsonNode.Parse(json)))
            .ToList();

        Assert.True(samples.Count >= 4, $"found {samples.Count} samples");
        Assert.All(samples, index =>
        {
            var (fail, access) = (index["failAmount"]!.GetValue<long>(), index["accessAmount"]!.GetValue<long>());
            Assert.Equal(access == 0 ? 0 : (double)fail / access, index["failRatio"]!.GetValue<double>());
        });
    }

    [Fact]
    public void CI_runs_the_test_command_the_README_gives()
    {
        var readme = Markdown.Read("README.md");
        var test = Regex.Match(readme, @"## Test it\s+```bash\n(.+)\n```").Groups[1].Value;

        Assert.Equal("scripts/install-test-tools.sh && dotnet test FunctionsMonitor.sln", test);
        Assert.Contains("```bash\nfunc start\n```", readme);
        Assert.Contains("\n" + test + "\n", File.ReadAllText(Path.Combine(Tool.RepoRoot, ".ci/run")));
    }

    /// <summary>The commands of a page's bash blocks, a line continued with a backslash joined to the next.</summary>
    private static List<List<string>> BashBlocks(string file) =>
        BashBlock().Matches(Markdown.Read(file))
            .Select(m => m.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
                .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList())
            .ToList();

    [Fact]
    public void The_kind_quickstart_installs_what_each_trigger_needs_and_waits_for_every_install_and_rollout()
    {
        var quickstart = BashBlocks("docs/deploy.md").First(b => b.Any(l => l.StartsWith("kind create cluster", StringComparison.Ordinal)));
        var installs = quickstart.Where(l => l.StartsWith("helm install ", StringComparison.Ordinal)).ToList();

        // The metrics side scales on cpu beside the add-on's trigger: KEDA's cpu scaler reads metrics-server, which on kind
        // must accept the kubelets' self-signed certificates.
        Assert.Contains(HelmChart.Render(Scaling.Addon).OfKind("ScaledObject"),
            so => so.Json["spec"]!["triggers"]!.AsArray().Any(t => t!["type"]!.GetValue<string>() == "cpu"));
        var metricsServer = Assert.Single(installs, l => l.Contains("metrics-server/metrics-server", StringComparison.Ordinal));
        Assert.Contains("--kubelet-insecure-tls", metricsServer);
        // Every Helm install but Envoy Gateway's (waited for by kubectl wait) waits for its pods, within a bound.
        Assert.All(installs.Where(l => !l.StartsWith("helm install eg ", StringComparison.Ordinal)), l => Assert.Contains("--wait --timeout 5m", l));
        Assert.Contains(quickstart, l => l.StartsWith("kubectl wait --timeout=5m -n envoy-gateway-system deployment/envoy-gateway", StringComparison.Ordinal));
        // ... then each Deployment of KEDA, the add-on and the app rolls out.
        var text = string.Join('\n', quickstart);
        var afterAddon = text[text.IndexOf("helm install http-add-on ", StringComparison.Ordinal)..];
        Assert.Contains("kubectl -n keda rollout status deployment/$d --timeout 5m", afterAddon);
        foreach (var deployment in new[] { "keda-operator", "keda-add-ons-http-controller-manager", "keda-add-ons-http-interceptor", "keda-add-ons-http-external-scaler" })
            Assert.Matches($@"for d in [^;]*(?<= ){Regex.Escape(deployment)}[ ;]", afterAddon);
        foreach (var side in HelmChart.Render(Scaling.Addon).OfKind("Deployment"))
            Assert.Contains($"kubectl -n functions-monitor rollout status deployment/{side.Name} --timeout 5m", quickstart);
    }

    [Fact]
    public void Every_port_forward_in_the_docs_is_waited_for_before_the_smoke_test()
    {
        var blocks = Markdown.Files().SelectMany(BashBlocks).Where(b => b.Any(l => l.Contains(" port-forward ", StringComparison.Ordinal) && l.EndsWith(" &", StringComparison.Ordinal))).ToList();

        Assert.True(blocks.Count >= 2, $"found {blocks.Count} blocks with a port-forward in the background");
        foreach (var block in blocks)
        {
            var forward = block.FindIndex(l => l.Contains(" port-forward ", StringComparison.Ordinal));
            var smoke = block.FindIndex(forward, l => l.StartsWith("scripts/smoke.sh", StringComparison.Ordinal));
            Assert.True(smoke > forward + 1, string.Join('\n', block));
            // A bounded wait that asks the forwarded port until it answers.
            Assert.Matches(@"^timeout \d+ bash -c 'until curl -s -o /dev/null http://127\.0\.0\.1:8080/; do sleep 1; done'$", block[smoke - 1]);
        }
    }

    private static IEnumerable<JsonObject> Indexes(JsonNode? node) => node switch
    {
        // An example's index has a number for failRatio; the schema's performance_index is a $ref and is passed over.
        JsonObject o => (o["performance_index"] is JsonObject { } index && index["failRatio"] is JsonValue ? [index] : Array.Empty<JsonObject>())
            .Concat(o.SelectMany(p => Indexes(p.Value))),
        JsonArray a => a.SelectMany(Indexes),
        _ => [],
    };

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex UrlScheme();

    [GeneratedRegex(@"```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlocks();

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
