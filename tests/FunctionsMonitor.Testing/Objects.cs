using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Testing;

/// <summary>What the objects of one render are, read the same way by every test.</summary>
internal static partial class Objects
{
    public static IEnumerable<Manifest> OfKind(this IEnumerable<Manifest> objects, string kind) => objects.Where(o => o.Kind == kind);

    public static Manifest Get(this IEnumerable<Manifest> objects, string kind, string name) =>
        objects.SingleOrDefault(o => o.Kind == kind && o.Name == name) ?? throw new Xunit.Sdk.XunitException($"no {kind}/{name}");

    /// <summary>The Deployment, Service, ... of one side, by its component label.</summary>
    public static Manifest Side(this IEnumerable<Manifest> objects, string kind, string side) =>
        objects.Single(o => o.Kind == kind && o.Component == side);

    public static JsonObject PodLabels(Manifest deployment) => deployment.Json["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    public static JsonObject PodAnnotations(Manifest deployment) => deployment.Json["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject();

    public static bool Matches(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(s => labels[s.Key]?.GetValue<string>() == s.Value!.GetValue<string>());

    public static JsonNode Container(Manifest deployment) => deployment.Json["spec"]!["template"]!["spec"]!["containers"]![0]!;

    /// <summary>A container's ports by name and by number, as a Service's targetPort may name either.</summary>
    public static HashSet<string> ContainerPorts(Manifest deployment) =>
        Container(deployment)["ports"]!.AsArray().SelectMany(p => new[] { p!["name"]?.GetValue<string>(), p["containerPort"]!.ToString() })
            .OfType<string>().ToHashSet();

    public static Dictionary<string, string> Env(Manifest deployment) =>
        Container(deployment)["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(),
            e => e!["value"]?.GetValue<string>() ?? $"valueFrom {e["valueFrom"]!.ToJsonString()}");

    /// <summary>The functions a Deployment hosts, in the order of its <c>AzureFunctionsJobHost__functions__N</c>.</summary>
    public static string[] Functions(Manifest deployment) => Functions(Env(deployment));

    /// <summary>The function filter in an environment (a Deployment's, a Compose service's): the values of
    /// <c>AzureFunctionsJobHost__functions__N</c> in the order of N.</summary>
    public static string[] Functions(IEnumerable<KeyValuePair<string, string>> environment) =>
        environment.Where(e => FunctionEnv().IsMatch(e.Key))
            .OrderBy(e => int.Parse(FunctionEnv().Match(e.Key).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => e.Value).ToArray();

    public static string Settings(this IEnumerable<Manifest> objects, string key) =>
        objects.OfKind("ConfigMap").Single().Json["data"]![key]!.GetValue<string>();

    /// <summary>Every label selector of the objects, named by where it is.</summary>
    public static IEnumerable<(string Where, JsonObject Selector)> Selectors(IEnumerable<Manifest> objects)
    {
        foreach (var o in objects)
        {
            var spec = o.Json["spec"];
            JsonNode?[] found = o.Kind switch
            {
                "Deployment" or "PodDisruptionBudget" or "PodMonitor" or "PeerAuthentication" => [spec!["selector"]!["matchLabels"]],
                "Service" => [spec!["selector"]],
                "NetworkPolicy" => [spec!["podSelector"]!["matchLabels"],
                    .. spec["ingress"]!.AsArray().SelectMany(r => r!["from"]!.AsArray()).Select(f => f!["podSelector"]?["matchLabels"])],
                _ => [],
            };
            foreach (var selector in found.OfType<JsonObject>())
                yield return ($"{o} {o.Namespace}", selector);
        }
    }

    /// <summary>A route template's literal prefix: /api/metrics/{app}/history → /api/metrics/.</summary>
    public static string Literal(string route) => route.Split('{')[0];

    [GeneratedRegex(@"^AzureFunctionsJobHost__functions__(\d+)$")]
    private static partial Regex FunctionEnv();
}
