using System.Text.Json.Nodes;

namespace FunctionsMonitor.HostTests;

/// <summary>The add-on variant as its interceptor routes it: every InterceptorRoute answers for the exposure's host only,
/// so that releases with their own hosts never take each other's requests.</summary>
public sealed class AddonRoutingTests
{
    public static TheoryData<Exposure> Exposures => [.. HelmChart.Exposures];

    /// <summary>The hosts the exposure answers for: the HTTPRoute's hostnames, the Ingress's rules, Istio's Gateway and
    /// VirtualService.</summary>
    private static IEnumerable<string> ExposureHosts(IReadOnlyList<Manifest> objects) =>
        objects.OfKind("HTTPRoute").SelectMany(r => r.Json["spec"]!["hostnames"]!.AsArray())
            .Concat(objects.OfKind("Ingress").SelectMany(i => i.Json["spec"]!["rules"]!.AsArray().Select(r => r!["host"])))
            .Concat(objects.OfKind("Gateway").SelectMany(g => g.Json["spec"]!["servers"]!.AsArray().SelectMany(s => s!["hosts"]!.AsArray())))
            .Concat(objects.OfKind("VirtualService").SelectMany(v => v.Json["spec"]!["hosts"]!.AsArray()))
            .Select(h => h!.GetValue<string>());

    [Theory]
    [MemberData(nameof(Exposures))]
    public void Each_InterceptorRoute_answers_for_the_exposures_host_and_no_other(Exposure exposure)
    {
        foreach (var set in new[] { Array.Empty<string>(), ["host=monitor.example.org"] })
        {
            var objects = HelmChart.Render(Scaling.Addon, exposure, set);
            var exposed = ExposureHosts(objects).Distinct().ToList();

            Assert.Equal([set.Length == 0 ? HelmChart.Values["host"]!.GetValue<string>() : "monitor.example.org"], exposed);
            Assert.All(objects.OfKind("InterceptorRoute"), route => Assert.All(route.Json["spec"]!["rules"]!.AsArray(),
                rule => Assert.Equal(exposed, rule!["hosts"]!.AsArray().Select(h => h!.GetValue<string>()))));
        }
    }

    /// <summary>Requests a user sends: every public path, and below each prefix a path of its functions' routes.</summary>
    private static IEnumerable<(string Path, string Side)> PublicRequests(IReadOnlyList<Manifest> objects)
    {
        var metricsPaths = HelmChart.Values["metrics"]!["paths"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToHashSet();
        foreach (var route in objects.OfKind("HTTPRoute"))
            foreach (var rule in route.Json["spec"]!["rules"]!.AsArray())
                foreach (var match in rule!["matches"]!.AsArray())
                {
                    var path = match!["path"]!["value"]!.GetValue<string>();
                    var side = metricsPaths.Contains(path) ? "metrics" : "chart";
                    yield return (path, side);
                    if (match["path"]!["type"]!.GetValue<string>() == "PathPrefix")
                    {
                        yield return (path + "/test-app", side);
                        yield return (path + "/test-app/history", side);
                    }
                }
    }

    [Theory]
    [InlineData("shared", "shared")]
    [InlineData("team-one", "team-two")]
    public void Two_releases_with_their_own_hosts_resolve_every_public_path_to_their_own_Service(string nsOne, string nsTwo)
    {
        IReadOnlyList<Manifest> Release(string name, string ns, string host) => Yaml.Parse(HelmChart.Template(HelmVersion.Helm4,
            ["scaling=addon", "exposure=gateway", $"host={host}"], name, ns).Ok());
        var one = Release("one", nsOne, "one.example.com");
        var two = Release("two", nsTwo, "two.example.com");
        // Release one was installed first: its routes are the older.
        var table = new AddonRoutingTable(one.Concat(two));

        foreach (var (mine, host, ns) in new[] { (one, "one.example.com", nsOne), (two, "two.example.com", nsTwo) })
        {
            var requests = PublicRequests(mine).ToList();
            Assert.Equal(["chart", "metrics"], requests.Select(r => r.Side).Distinct().Order());
            foreach (var (path, side) in requests)
                // Through a port-forward the Host header carries a port; the interceptor routes on the name alone.
                foreach (var header in new[] { host, host + ":8080" })
                    Assert.Equal($"{ns}/{mine.Side("Service", side).Name}", table.Target(header, path));
            // The admin API is no route of either, and another host reaches neither release.
            Assert.Null(table.Target(host, "/admin/host/status"));
            Assert.Null(table.Target("three.example.com", "/api/chart"));
        }
    }

    [Fact]
    public void Without_hosts_the_older_release_would_take_the_newer_ones_paths()
    {
        // The mistake the hosts prevent, planted: the same two releases with their rules' hosts taken out.
        IReadOnlyList<Manifest> Release(string name, string host)
        {
            var objects = Yaml.Parse(HelmChart.Template(HelmVersion.Helm4, ["scaling=addon", $"host={host}"], name, "shared").Ok());
            foreach (var route in objects.OfKind("InterceptorRoute"))
                foreach (var rule in route.Json["spec"]!["rules"]!.AsArray())
                    rule!.AsObject().Remove("hosts");
            return objects;
        }
        var one = Release("one", "one.example.com");
        var two = Release("two", "two.example.com");

        var table = new AddonRoutingTable(one.Concat(two));

        Assert.Equal($"shared/{one.Side("Service", "chart").Name}", table.Target("two.example.com", "/api/chart"));
        Assert.Equal($"shared/{one.Side("Service", "metrics").Name}", table.Target("two.example.com", "/api/metrics/test-app"));
    }

    [Fact]
    public void The_routing_model_follows_the_add_ons_precedence_host_then_longest_prefix_then_wildcard_then_catch_all()
    {
        static Manifest Route(string name, string service, string[]? hosts, params string[] paths) => new("", new JsonObject
        {
            ["kind"] = "InterceptorRoute",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns" },
            ["spec"] = new JsonObject
            {
                ["target"] = new JsonObject { ["service"] = service },
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["hosts"] = hosts is null ? null : new JsonArray(hosts.Select(h => (JsonNode)h).ToArray()),
                    ["paths"] = new JsonArray(paths.Select(p => (JsonNode)new JsonObject { ["value"] = p }).ToArray()),
                }),
            },
        });
        var table = new AddonRoutingTable([
            Route("old-catch-all", "a", null, "/api"),
            Route("new-catch-all", "b", null, "/api"),
            Route("exact", "c", ["x.example.com"], "/api/chart"),
            Route("wildcard", "d", ["*.example.com"], "/api/metrics"),
        ]);

        Assert.Equal("ns/c", table.Target("x.example.com:8080", "/api/chart"));
        Assert.Equal("ns/d", table.Target("x.example.com", "/api/metrics/a"));
        Assert.Equal("ns/a", table.Target("x.example.com", "/api/dashboard"));
        Assert.Equal("ns/a", table.Target("y.example.org", "/api/chart"));
        // A prefix ends at a segment's boundary.
        Assert.Equal("ns/a", table.Target("x.example.com", "/api/chartx"));
        Assert.Null(table.Target("x.example.com", "/admin"));
    }
}
