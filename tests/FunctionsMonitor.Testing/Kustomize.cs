using System.Globalization;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Testing;

/// <summary>Runs kustomize (as built into kubectl) on k8s-keda/&lt;variant&gt;.</summary>
public static partial class Kustomize
{
    /// <summary>Current kustomize: the kubectl on PATH.</summary>
    public const string CurrentKubectl = "kubectl";

    /// <summary>Debian's kubectl 1.20 (kustomize v2.0.3), unpacked by scripts/install-test-tools.sh.</summary>
    public static string LegacyKubectl =>
        Environment.GetEnvironmentVariable("KUSTOMIZE_LEGACY_KUBECTL") ?? Path.Combine(Tool.RepoRoot, ".tools/kubernetes-client-1.20/usr/bin/kubectl");

    public static string Directory(Scaling variant) => Path.Combine(Tool.RepoRoot, "k8s-keda", HelmChart.Name(variant));

    public static ToolResult Build(string kubectl, string directory) => Tool.Run(kubectl, ["kustomize", directory]);

    public static IReadOnlyList<Manifest> Build(string kubectl, Scaling variant) => Yaml.Parse(Build(kubectl, Directory(variant)).Ok());

    /// <summary>kubectl's own report of the kustomize it embeds, e.g. "v5.5.0"; v2.0.3 for kubectl 1.14–1.20.</summary>
    public static string KustomizeVersion(string kubectl)
    {
        var text = Tool.Run(kubectl, ["version", "--client"]).Ok();
        if (KustomizeVersionLine().Match(text) is { Success: true } m)
            return m.Groups[1].Value;
        var minor = int.Parse(KubectlMinor().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        return minor is >= 14 and <= 20 ? "v2.0.3" : throw new InvalidOperationException($"unknown kustomize in: {text}");
    }

    [GeneratedRegex(@"Kustomize Version: (v[0-9.]+)")]
    private static partial Regex KustomizeVersionLine();

    [GeneratedRegex(@"Minor:""(\d+)")]
    private static partial Regex KubectlMinor();
}
