using System.Text.Json.Nodes;

namespace FunctionsMonitor.HostTests;

/// <summary>k8s-keda/: what the chart renders for each variant, committed as plain YAML, built by current kustomize and
/// by Debian's kustomize v2.0.3 alike.</summary>
public sealed class KustomizeTests
{
    public static TheoryData<Scaling> Variants => [.. HelmChart.Scalings];

    public static TheoryData<HelmVersion> Helms => [HelmVersion.Helm3, HelmVersion.Helm4];

    [Theory]
    [MemberData(nameof(Helms))]
    public void K8s_keda_is_exactly_what_scripts_render_manifests_sh_renders_from_the_chart(HelmVersion helm)
    {
        var output = Path.Combine(Path.GetTempPath(), "functionsmonitor-render-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Tool.Run("bash", ["scripts/render-manifests.sh", output], environment: new Dictionary<string, string?> { ["HELM"] = HelmChart.Helm(helm) }).Ok();
            var committed = Files(Path.Combine(Tool.RepoRoot, "k8s-keda"));
            var rendered = Files(output);

            Assert.True(committed.Keys.Order().SequenceEqual(rendered.Keys.Order()),
                $"k8s-keda/ has [{string.Join(", ", committed.Keys.Order())}], the chart renders [{string.Join(", ", rendered.Keys.Order())}]: run scripts/render-manifests.sh");
            foreach (var (file, text) in rendered)
                Assert.True(text == committed[file], $"k8s-keda/{file} differs from what the chart renders: run scripts/render-manifests.sh");
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }

        static Dictionary<string, string> Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText);
    }

    [Fact]
    public void Nothing_in_k8s_keda_patches_by_position_or_uses_a_field_current_kustomize_warns_on()
    {
        var root = Path.Combine(Tool.RepoRoot, "k8s-keda");

        Assert.DoesNotContain(Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories), f => f.Contains("patch", StringComparison.OrdinalIgnoreCase));
        foreach (var kustomization in Directory.GetFiles(root, "kustomization.yaml", SearchOption.AllDirectories))
        {
            var fields = Yaml.ToJson(File.ReadAllText(kustomization)).Select(f => f.Key).ToList();
            Assert.Equal(["resources", "images"], fields);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Current_kustomize_builds_each_variant_without_a_warning_into_the_charts_objects_and_the_Namespace(Scaling variant)
    {
        var build = Kustomize.Build(Kustomize.CurrentKubectl, Kustomize.Directory(variant));
        Assert.Matches(@"^v[5-9]\.", Kustomize.KustomizeVersion(Kustomize.CurrentKubectl));
        Assert.True(build.ExitCode == 0 && build.Stderr.Length == 0, build.Output);

        var built = Yaml.Parse(build.Stdout);
        var chart = HelmChart.Render(variant);
        Assert.Equal(chart.Select(o => o.ToString()).Append($"Namespace/{HelmChart.Namespace}").Order(), built.Select(o => o.ToString()).Order());
        foreach (var o in chart)
            Assert.True(JsonNode.DeepEquals(o.Json, built.Single(b => b.ToString() == o.ToString()).Json), $"{o}: kustomize changed it");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Debians_kustomize_v2_0_3_builds_the_same_objects_as_current_kustomize(Scaling variant)
    {
        Assert.Equal("v2.0.3", Kustomize.KustomizeVersion(Kustomize.LegacyKubectl));

        var legacy = Kustomize.Build(Kustomize.LegacyKubectl, variant);
        var current = Kustomize.Build(Kustomize.CurrentKubectl, variant);

        Assert.Equal(current.Select(o => o.ToString()).Order(), legacy.Select(o => o.ToString()).Order());
        foreach (var o in legacy)
            Assert.True(JsonNode.DeepEquals(o.Json, current.Single(c => c.ToString() == o.ToString()).Json), $"{o} differs between kustomize versions");
    }

    [Fact]
    public void The_kustomizations_image_and_host_name_examples_change_what_they_say_and_nothing_else()
    {
        var source = Kustomize.Directory(Scaling.Addon);
        var copy = Path.Combine(Path.GetTempPath(), "functionsmonitor-kustomize-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(copy);
        try
        {
            foreach (var file in Directory.GetFiles(source))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            var kustomization = Path.Combine(copy, "kustomization.yaml");
            var text = File.ReadAllText(kustomization);
            var example = text[text.IndexOf("# patches:", StringComparison.Ordinal)..];
            // What a user does: uncomment the example, put in their names.
            var uncommented = string.Join('\n', example.Split('\n').Select(l => l.StartsWith("# ", StringComparison.Ordinal) ? l[2..] : l))
                .Replace("functions-monitor.example.com", "monitor.example.org", StringComparison.Ordinal)
                .Replace("{name: eg, namespace: envoy-gateway-system}", "{name: public, namespace: gateways}", StringComparison.Ordinal);
            File.WriteAllText(kustomization, text.Replace(example, uncommented, StringComparison.Ordinal)
                .Replace("  newName: registry.example.com/functions-monitor", "  newName: ghcr.io/me/functions-monitor", StringComparison.Ordinal));

            var build = Kustomize.Build(Kustomize.CurrentKubectl, copy);
            Assert.True(build.ExitCode == 0 && build.Stderr.Length == 0, build.Output);
            var built = Yaml.Parse(build.Stdout);
            var route = built.Get("HTTPRoute", HelmChart.Release).Json["spec"]!;
            Assert.Equal(["monitor.example.org"], route["hostnames"]!.AsArray().Select(h => h!.GetValue<string>()));
            Assert.Equal("public", Assert.Single(route["parentRefs"]!.AsArray())!["name"]!.GetValue<string>());
            // The add-on's interceptor routes on the host too: both InterceptorRoutes follow the HTTPRoute.
            Assert.Equal(2, built.OfKind("InterceptorRoute").Count());
            Assert.All(built.OfKind("InterceptorRoute"), r => Assert.Equal(["monitor.example.org"],
                r.Json["spec"]!["rules"]![0]!["hosts"]!.AsArray().Select(h => h!.GetValue<string>())));
            Assert.All(built.OfKind("Deployment"), d => Assert.StartsWith("ghcr.io/me/functions-monitor:", Objects.Container(d)["image"]!.GetValue<string>()));
            // The rules are the chart's: the patch replaced only what it names.
            var original = Kustomize.Build(Kustomize.CurrentKubectl, Scaling.Addon).Get("HTTPRoute", HelmChart.Release).Json["spec"]!;
            Assert.True(JsonNode.DeepEquals(original["rules"], route["rules"]));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
