using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// The environment a host gets where users run it, read from the files that give it: the Dockerfile's <c>ENV</c> (the
/// image) and the rendered manifests (the ConfigMap both Deployments read, and each Deployment's own <c>env</c>). A test host
/// starts from these, so a changed manifest changes what the tests run.
/// </summary>
public static partial class Deployments
{
    /// <summary>The <c>ENV</c> of the Dockerfile's last stage, the one the image runs.</summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment()
    {
        var text = File.ReadAllText(Path.Combine(Tool.RepoRoot, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lastStage = text[text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match instruction in EnvInstruction().Matches(lastStage))
            foreach (Match pair in EnvPair().Matches(instruction.Groups[1].Value))
                env[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
        return env;
    }

    /// <summary>The ConfigMap's settings and, for one side, its Deployment's plain <c>env</c> values (those from the
    /// downward API are left out: a test host is no pod).</summary>
    public static IReadOnlyDictionary<string, string> PodEnvironment(Side side)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in ConfigMap()["data"]!.AsObject())
            env[key] = value!.ToString();
        if (side == Side.All)
            return env;
        foreach (var variable in Container(side)["env"]!.AsArray())
            if (variable!["value"] is { } value)
                env[variable["name"]!.GetValue<string>()] = value.ToString();
        return env;
    }

    /// <summary>The functions a side's Deployment hosts, in the order of its <c>AzureFunctionsJobHost__functions__N</c>.</summary>
    public static IReadOnlyList<string> Functions(Side side) => FunctionsMonitor.Testing.Objects.Functions(PodEnvironment(side));

    /// <summary>k8s-keda/addon/functions-monitor.yaml: what the chart renders (a test holds it so), as users apply it;
    /// read once a test run.</summary>
    private static readonly Lazy<IReadOnlyList<Manifest>> Objects = new(() =>
        Yaml.Parse(File.ReadAllText(Path.Combine(Tool.RepoRoot, "k8s-keda/addon/functions-monitor.yaml"))));

    private static JsonObject ConfigMap() => Objects.Value.Single(o => o.Kind == "ConfigMap").Json;

    /// <summary>A side's Deployment as rendered: its pod spec and its one container (security context, probes,
    /// ports, resources).</summary>
    public static JsonNode PodSpec(Side side) =>
        Objects.Value.Single(o => o.Kind == "Deployment" && o.Component == (side == Side.Metrics ? "metrics" : "chart"))
            .Json["spec"]!["template"]!["spec"]!;

    public static JsonNode DeploymentContainer(Side side) => Container(side);

    private static JsonNode Container(Side side) =>
        Objects.Value.Single(o => o.Kind == "Deployment" && o.Component == (side == Side.Metrics ? "metrics" : "chart"))
            .Json["spec"]!["template"]!["spec"]!["containers"]![0]!;

    [GeneratedRegex(@"(?m)^ENV\s+(.+)$")]
    private static partial Regex EnvInstruction();

    /// <summary>NAME=VALUE; a name may hold dots (a log category), as an image's and a pod's environment allow.</summary>
    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_.]*)=(""[^""]*""|\S+)")]
    private static partial Regex EnvPair();
}
