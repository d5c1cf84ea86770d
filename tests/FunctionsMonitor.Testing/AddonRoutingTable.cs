
namespace FunctionsMonitor.Testing;

/// <summary>
/// The KEDA HTTP add-on's routing rule (0.15), applied to rendered InterceptorRoutes as its interceptor applies them to
/// every request that reaches it: a key of host and path per rule; a request takes the route of its own host with the
/// longest path prefix (at a path segment's boundary), else a wildcard host's (<c>*.example.com</c>), else the
/// catch-all's (<c>*</c>, which a rule without hosts is). Of routes with the same key, the older wins. The port of the
/// Host header does not count.
/// </summary>
internal sealed class AddonRoutingTable
{
    private readonly Dictionary<string, List<Manifest>> _keys = new(StringComparer.Ordinal);

    /// <summary>The InterceptorRoutes in the order they were created (oldest first).</summary>
    public AddonRoutingTable(IEnumerable<Manifest> routesOldestFirst)
    {
        foreach (var route in routesOldestFirst.Where(o => o.Kind == "InterceptorRoute"))
            foreach (var rule in route.Json["spec"]!["rules"]!.AsArray())
            {
                var hosts = rule!["hosts"]?.AsArray().Select(h => h!.GetValue<string>()).ToList() is { Count: > 0 } given ? given : ["*"];
                var paths = rule["paths"]?.AsArray().Select(p => p!["value"]!.GetValue<string>()).ToList() is { Count: > 0 } p ? p : [""];
                foreach (var host in hosts)
                    foreach (var path in paths)
                    {
                        var key = Key(host is "" or "*" ? "*" : StripPort(host), path);
                        if (!_keys.TryGetValue(key, out var entries))
                            _keys[key] = entries = [];
                        entries.Add(route); // created later than those already there
                    }
            }
    }

    /// <summary>The route a request for <paramref name="host"/> and <paramref name="path"/> takes, or null (the interceptor's 404).</summary>
    public Manifest? Route(string host, string path)
    {
        var hostname = StripPort(host);
        foreach (var candidate in new[] { hostname }.Concat(Wildcards(hostname)).Append("*"))
            if (LongestPrefix(Key(candidate, path)) is { } entries)
                return entries[0];
        return null;
    }

    /// <summary>The Service a request is sent to: namespace/name.</summary>
    public string? Target(string host, string path) =>
        Route(host, path) is { } route ? $"{route.Namespace}/{route.Json["spec"]!["target"]!["service"]!.GetValue<string>()}" : null;

    private List<Manifest>? LongestPrefix(string key) =>
        _keys.Keys.Where(k => key.StartsWith(k, StringComparison.Ordinal)).MaxBy(k => k.Length) is { } longest ? _keys[longest] : null;

    /// <summary>host/path/ with the path's slashes trimmed: so a prefix ends at a segment's boundary.</summary>
    private static string Key(string host, string path)
    {
        var trimmed = path.Trim('/');
        return trimmed.Length == 0 ? host + "/" : $"{host}/{trimmed}/";
    }

    /// <summary>foo.example.com → *.example.com, *.com (most specific first).</summary>
    private static IEnumerable<string> Wildcards(string hostname)
    {
        for (var dot = hostname.IndexOf('.'); dot >= 0; dot = hostname.IndexOf('.', dot + 1))
            yield return "*" + hostname[dot..];
    }

    private static string StripPort(string host) =>
        host.LastIndexOf(':') is var colon and > 0 && host[(colon + 1)..].All(char.IsAsciiDigit) ? host[..colon] : host;
}
