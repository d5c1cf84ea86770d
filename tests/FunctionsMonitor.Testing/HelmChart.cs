using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.Tests;

public enum HelmVersion { Helm3, Helm4 }

public enum Scaling { Addon, Cpu, Prometheus }

public enum Exposure { Gateway, Ingress, Istio }

/// <summary>One object of a rendered or built manifest: its YAML text and a JSON view (for checks).</summary>
public sealed record Manifest(string Yaml, JsonObject Json)
{
    public string ApiVersion => Json["apiVersion"]!.GetValue<string>();
    public string Kind => Json["kind"]!.GetValue<string>();
    public string Name => Json["metadata"]!["name"]!.GetValue<string>();
    public string? Namespace => Json["metadata"]!["namespace"]?.GetValue<string>();
    public string? Component => Json["metadata"]!["labels"]?["app.kubernetes.io/component"]?.GetValue<string>();
    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>YAML streams as the tests read them.</summary>
public static partial class Yaml
{
    /// <summary>The documents of a multi-document YAML stream (empty ones, such as a comment alone, left out).</summary>
    public static IReadOnlyList<Manifest> Parse(string yaml) =>
        DocumentSeparator().Split(yaml)
            .Where(d => d.Split('\n').Any(line => line.Trim() is { Length: > 0 } t && !t.StartsWith('#')))
            .Select(d => new Manifest(d, ToJson(d)))
            .ToList();

    public static JsonObject ToJson(string document)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        return (JsonObject)Convert(stream.Documents.Single().RootNode)!;
    }

    /// <summary>YAML 1.2 core-schema typing for plain scalars; quoted scalars stay strings.</summary>
    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } => v switch
        {
            null or "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(v),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}

/// <summary>The Helm chart, rendered with Helm 3 or Helm 4 (installed by scripts/install-test-tools.sh under
/// .tools/helm-&lt;version&gt;); each distinct render once a test run.</summary>
public static class HelmChart
{
    public const string ChartPath = "charts/functions-monitor";
    public const string Release = "functions-monitor";
    public const string Namespace = "functions-monitor";

    public static readonly Scaling[] Scalings = Enum.GetValues<Scaling>();
    public static readonly Exposure[] Exposures = Enum.GetValues<Exposure>();

    private static readonly ConcurrentDictionary<string, Lazy<ToolResult>> Renders = new();

    public static string Helm(HelmVersion version) => version == HelmVersion.Helm3
        ? Environment.GetEnvironmentVariable("HELM3") ?? Path.Combine(Tool.RepoRoot, ".tools/helm-3.17.3/helm")
        : Environment.GetEnvironmentVariable("HELM4") ?? Path.Combine(Tool.RepoRoot, ".tools/helm-4.1.4/helm");

    public static string Name(Scaling scaling) => scaling.ToString().ToLowerInvariant();

    public static string Name(Exposure exposure) => exposure.ToString().ToLowerInvariant();

    /// <summary><c>helm template</c> of the chart; a value written <c>json:key=value</c> goes by <c>--set-json</c>
    /// (with --set, Helm passes a decimal such as 2.5 as a string).</summary>
    public static ToolResult Template(HelmVersion helm, IEnumerable<string> set, string release = Release, string ns = Namespace)
    {
        string[] args = ["template", release, ChartPath, "-n", ns,
            .. set.SelectMany(s => s.StartsWith("json:", StringComparison.Ordinal) ? new[] { "--set-json", s[5..] } : ["--set", s])];
        return Renders.GetOrAdd($"{helm}|{string.Join('|', args)}", _ => new Lazy<ToolResult>(() => Tool.Run(Helm(helm), args))).Value;
    }

    /// <summary>The objects of a render that must succeed.</summary>
    public static IReadOnlyList<Manifest> Render(HelmVersion helm, Scaling scaling, Exposure exposure, params string[] set) =>
        Yaml.Parse(Template(helm, [$"scaling={Name(scaling)}", $"exposure={Name(exposure)}", .. set]).Ok());

    public static IReadOnlyList<Manifest> Render(Scaling scaling, Exposure exposure = Exposure.Gateway, params string[] set) =>
        Render(HelmVersion.Helm4, scaling, exposure, set);

    /// <summary>values.yaml: the one place of every value several objects share.</summary>
    public static JsonObject Values => ValuesFile.Value.DeepClone().AsObject();

    private static readonly Lazy<JsonObject> ValuesFile = new(() => Yaml.ToJson(File.ReadAllText(Path.Combine(Tool.RepoRoot, ChartPath, "values.yaml"))));

    /// <summary>The functions a side's Deployment hosts, from values.yaml.</summary>
    public static string[] Functions(string side) => Values[side]!["functions"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();
}

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

/// <summary>tests/manifest-schemas/validate.mjs: every object against its published schema, strictly.</summary>
public static class ManifestSchemas
{
    public static string Modules =>
        Environment.GetEnvironmentVariable("MANIFEST_SCHEMAS") ?? Path.Combine(Tool.RepoRoot, ".tools/manifest-schemas");

    /// <summary>Validates YAML streams, each written to a file named after its key.</summary>
    public static ToolResult Validate(IReadOnlyDictionary<string, string> streams) =>
        Tool.WithFiles(streams.ToDictionary(s => s.Key + ".yaml", s => s.Value), directory =>
            Tool.Run("node", ["tests/manifest-schemas/validate.mjs", "--modules", Modules, .. streams.Keys.Select(k => Path.Combine(directory, k + ".yaml"))],
                timeout: TimeSpan.FromMinutes(2)));
}
