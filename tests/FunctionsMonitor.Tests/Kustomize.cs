using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.Tests;

public enum Variant { Addon, Cpu, Prometheus }

/// <summary>One object of a kustomize build: its YAML text (for strict loading) and a JSON view (for checks).</summary>
public sealed record Manifest(string Yaml, JsonObject Json)
{
    public string ApiVersion => Json["apiVersion"]!.GetValue<string>();
    public string Kind => Json["kind"]!.GetValue<string>();
    public string Name => Json["metadata"]!["name"]!.GetValue<string>();
    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>Runs kustomize (as built into kubectl) on k8s-keda and parses what it prints.</summary>
public static partial class Kustomize
{
    public static string RepoRoot => Tool.RepoRoot;

    public static string Directory(Variant variant) =>
        Path.Combine(RepoRoot, "k8s-keda", variant switch
        {
            Variant.Cpu => "overlays/cpu",
            Variant.Prometheus => "overlays/prometheus",
            _ => "",
        });

    /// <summary>Current kustomize: the kubectl on PATH.</summary>
    public const string CurrentKubectl = "kubectl";

    /// <summary>Debian's kubectl 1.20 (kustomize v2.0.3), unpacked by scripts/install-test-tools.sh.</summary>
    public static string LegacyKubectl =>
        Environment.GetEnvironmentVariable("KUSTOMIZE_LEGACY_KUBECTL") ?? Path.Combine(Tool.RepoRoot, ".tools/kubernetes-client-1.20/usr/bin/kubectl");

    public static string Build(string kubectl, Variant variant) =>
        Run(kubectl, "kustomize", Directory(variant));

    /// <summary>kubectl's own report of the kustomize it embeds, e.g. "v5.5.0"; v2.0.3 for kubectl 1.14–1.20.</summary>
    public static string KustomizeVersion(string kubectl)
    {
        var text = Run(kubectl, "version", "--client");
        if (KustomizeVersionLine().Match(text) is { Success: true } m)
            return m.Groups[1].Value;
        var minor = int.Parse(KubectlMinor().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        return minor is >= 14 and <= 20 ? "v2.0.3" : throw new InvalidOperationException($"unknown kustomize in: {text}");
    }

    private static string Run(string file, params string[] args) => Tool.Run(file, args).Ok();

    /// <summary>The documents of a multi-document YAML stream.</summary>
    public static IReadOnlyList<Manifest> Parse(string yaml) =>
        DocumentSeparator().Split(yaml)
            .Where(d => !string.IsNullOrWhiteSpace(d))
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

    [GeneratedRegex(@"Kustomize Version: (v[0-9.]+)")]
    private static partial Regex KustomizeVersionLine();

    [GeneratedRegex(@"Minor:""(\d+)")]
    private static partial Regex KubectlMinor();
}
