namespace FunctionsMonitor.Testing;

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
