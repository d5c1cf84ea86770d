using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FunctionsMonitor.Testing;

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
