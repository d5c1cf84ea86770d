using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Tests;

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
    public static string[] Functions(Manifest deployment) =>
        Env(deployment).Where(e => FunctionEnv().IsMatch(e.Key))
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

/// <summary>One public path of an exposure and where it sends requests.</summary>
internal sealed record PublicRoute(string Path, string Match, string Service, long Port)
{
    /// <summary>Whether a request path takes this route: Exact, or a prefix at a path segment's boundary (as the Gateway
    /// API and an Ingress match; Istio's prefix is a plain string prefix, wider, checked by the caller).</summary>
    public bool Takes(string path) => Match == "Exact" ? path == Path
        : path == Path || path.StartsWith(Path.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The public routes of a render, from its HTTPRoute, Ingress or VirtualService, with every backend as a
    /// Service name in the release's namespace or a cluster DNS name elsewhere.</summary>
    public static IReadOnlyList<PublicRoute> Of(IReadOnlyList<Manifest> objects)
    {
        var routes = new List<PublicRoute>();
        foreach (var route in objects.OfKind("HTTPRoute"))
            foreach (var rule in route.Json["spec"]!["rules"]!.AsArray())
                foreach (var match in rule!["matches"]!.AsArray())
                    foreach (var backend in rule["backendRefs"]!.AsArray())
                        routes.Add(new(match!["path"]!["value"]!.GetValue<string>(),
                            match["path"]!["type"]!.GetValue<string>() == "Exact" ? "Exact" : "Prefix",
                            InCluster(backend!["name"]!.GetValue<string>(), backend["namespace"]?.GetValue<string>()), backend["port"]!.GetValue<long>()));
        foreach (var ingress in objects.OfKind("Ingress"))
            foreach (var path in ingress.Json["spec"]!["rules"]!.AsArray().SelectMany(r => r!["http"]!["paths"]!.AsArray()))
            {
                var backend = path!["backend"]!["service"]!;
                var service = objects.Get("Service", backend["name"]!.GetValue<string>()).Json["spec"]!;
                var port = backend["port"]!["number"]?.GetValue<long>()
                    ?? service["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == backend["port"]!["name"]!.GetValue<string>())!["port"]!.GetValue<long>();
                var name = service["type"]?.GetValue<string>() == "ExternalName" ? service["externalName"]!.GetValue<string>() : backend["name"]!.GetValue<string>();
                routes.Add(new(path["path"]!.GetValue<string>(), path["pathType"]!.GetValue<string>(), Normalize(name), port));
            }
        foreach (var virtualService in objects.OfKind("VirtualService"))
            foreach (var http in virtualService.Json["spec"]!["http"]!.AsArray())
                foreach (var match in http!["match"]!.AsArray())
                    foreach (var destination in http["route"]!.AsArray().Select(r => r!["destination"]!))
                    {
                        var uri = match!["uri"]!.AsObject().Single();
                        routes.Add(new(uri.Value!.GetValue<string>(), uri.Key == "exact" ? "Exact" : "Prefix",
                            Normalize(destination["host"]!.GetValue<string>()), destination["port"]!["number"]!.GetValue<long>()));
                    }
        return routes;
    }

    private static string InCluster(string name, string? ns) =>
        ns is null || ns == HelmChart.Namespace ? name : $"{name}.{ns}.svc.cluster.local";

    private static string Normalize(string host) =>
        host.EndsWith($".{HelmChart.Namespace}.svc.cluster.local", StringComparison.Ordinal) ? host.Split('.')[0] : host;
}
