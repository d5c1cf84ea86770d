using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>The chart rendered for every scaling × exposure, with Helm 3 and Helm 4: valid against the published schemas,
/// routing exactly the functions' routes, each to the side that hosts it, and consistent within itself.</summary>
public sealed class RenderedManifestTests
{
    public const string Interceptor = "keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local";

    public static TheoryData<Scaling, Exposure> Combinations()
    {
        var data = new TheoryData<Scaling, Exposure>();
        foreach (var s in HelmChart.Scalings)
            foreach (var e in HelmChart.Exposures)
                data.Add(s, e);
        return data;
    }

    public static TheoryData<HelmVersion, Scaling, Exposure> EveryRender()
    {
        var data = new TheoryData<HelmVersion, Scaling, Exposure>();
        foreach (var h in Enum.GetValues<HelmVersion>())
            foreach (var s in HelmChart.Scalings)
                foreach (var e in HelmChart.Exposures)
                    data.Add(h, s, e);
        return data;
    }

    public static TheoryData<Scaling> Scalings => [.. HelmChart.Scalings];

    [Theory]
    [MemberData(nameof(EveryRender))]
    public void Every_render_passes_helm_lint_strict_and_Helm_3_and_4_render_the_same(HelmVersion helm, Scaling scaling, Exposure exposure)
    {
        string[] set = [$"scaling={HelmChart.Name(scaling)}", $"exposure={HelmChart.Name(exposure)}"];
        var lint = Tool.Run(HelmChart.Helm(helm), ["lint", "--strict", HelmChart.ChartPath, .. set.SelectMany(s => new[] { "--set", s })]);

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Contains("0 chart(s) failed", lint.Output);
        Assert.Equal(HelmChart.Template(HelmVersion.Helm3, set).Ok(), HelmChart.Template(HelmVersion.Helm4, set).Ok());
    }

    [Fact]
    public void Every_render_passes_strict_validation_against_the_published_schemas()
    {
        var streams = new Dictionary<string, string>();
        foreach (var s in HelmChart.Scalings)
            foreach (var e in HelmChart.Exposures)
                streams[$"{HelmChart.Name(s)}-{HelmChart.Name(e)}"] =
                    HelmChart.Template(HelmVersion.Helm4, [$"scaling={HelmChart.Name(s)}", $"exposure={HelmChart.Name(e)}"]).Ok();
        // Long names at their limits, the optional objects on, a changed port and exporting: still valid.
        streams["long-names"] = HelmChart.Template(HelmVersion.Helm4, ["exposure=ingress", "prometheus.podMonitor=true",
            "otlp.endpoint=http://otel-collector.monitoring:4318", "metricsPort=9100"], release: new string('r', 53), ns: new string('n', 63)).Ok();
        streams["overrides"] = HelmChart.Template(HelmVersion.Helm4, ["exposure=istio", $"fullnameOverride={new string('f', 55)}"]).Ok();

        var result = ManifestSchemas.Validate(streams);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"(?m)^\d+ objects, 0 invalid$", result.Stdout);
        // Every kind the chart renders was checked against a schema of its own.
        foreach (var kind in new[] { "Deployment", "HTTPRoute", "ReferenceGrant", "Ingress", "Gateway", "VirtualService", "PeerAuthentication",
                     "ScaledObject", "InterceptorRoute", "PodMonitor", "NetworkPolicy", "PodDisruptionBudget", "ConfigMap", "Service" })
            Assert.Matches($@"(?m)^ok   {kind}/", result.Stdout);
    }

    [Fact]
    public void The_local_clusters_Gateway_in_the_docs_is_valid_and_the_one_the_default_HTTPRoute_attaches_to()
    {
        var text = File.ReadAllText(Path.Combine(Tool.RepoRoot, "docs/kind/gateway.yaml"));
        var result = ManifestSchemas.Validate(new Dictionary<string, string> { ["kind-gateway"] = text });
        Assert.True(result.ExitCode == 0, result.Output);
        var objects = Yaml.Parse(text);
        var gateway = objects.Single(o => o.Kind == "Gateway");
        var route = HelmChart.Render(Scaling.Addon).Single(o => o.Kind == "HTTPRoute").Json["spec"]!;

        var parent = Assert.Single(route["parentRefs"]!.AsArray())!;
        Assert.Equal((gateway.Name, gateway.Namespace), (parent["name"]!.GetValue<string>(), parent["namespace"]?.GetValue<string>()));
        Assert.Equal(gateway.Json["spec"]!["gatewayClassName"]!.GetValue<string>(), objects.Single(o => o.Kind == "GatewayClass").Name);
        var listener = Assert.Single(gateway.Json["spec"]!["listeners"]!.AsArray())!;
        Assert.Equal(route["hostnames"]![0]!.GetValue<string>(), listener["hostname"]!.GetValue<string>());
        // The route lives in the release's namespace, not the Gateway's.
        Assert.NotEqual(HelmChart.Namespace, gateway.Namespace);
        Assert.Equal("All", listener["allowedRoutes"]!["namespaces"]!["from"]!.GetValue<string>());
        // The proxies the NetworkPolicies admit without the add-on run where Envoy Gateway puts them: its own namespace.
        Assert.Equal(gateway.Namespace, HelmChart.Values["gateway"]!["proxyNamespace"]!.GetValue<string>());
    }

    [Fact]
    public void Strict_validation_rejects_an_unknown_field_a_wrong_value_and_a_broken_rule_in_every_schema_source()
    {
        string Render(Exposure e) => HelmChart.Template(HelmVersion.Helm4, ["scaling=addon", $"exposure={HelmChart.Name(e)}"]).Ok();
        // One mistake per stream, in the first object that has the text: one invalid object each.
        string Plant(string text, string from, string to) => text.IndexOf(from, StringComparison.Ordinal) is var at and >= 0
            ? string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length)) : throw new InvalidOperationException($"no '{from}'");
        var gateway = Render(Exposure.Gateway);
        var istio = Render(Exposure.Istio);
        var planted = new Dictionary<string, string>
        {
            ["deployment"] = Plant(gateway, "  revisionHistoryLimit: 3", "  revisionHistoryLimit: 3\n  replica: 3"),
            ["httproute"] = Plant(gateway, "  hostnames:", "  hostname:"),
            ["scaledobject"] = Plant(gateway, "  minReplicaCount: 0", "  minReplicas: 0"),
            ["interceptorroute"] = Plant(gateway, "    portName: http\n", "    portName: http\n    port: 80\n"),
            ["peerauthentication"] = Plant(istio, "    \"9464\":\n      mode: PERMISSIVE", "    \"9464\":\n      mode: LENIENT"),
            ["virtualservice"] = Plant(istio, "  gateways:", "  gateway:"),
            ["label"] = Plant(gateway, "app.kubernetes.io/version: \"1.1.0\"", "app.kubernetes.io/version: \"1.1.0+1\""),
        };

        var result = ManifestSchemas.Validate(planted);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'replica' does not exist in type 'IDeploymentSpec'", result.Stdout);
        Assert.Contains("'hostname' does not exist in type 'IHTTPRouteSpec'", result.Stdout);
        Assert.Contains("'minReplicas' does not exist in type 'IScaledObjectSpec'", result.Stdout);
        Assert.Contains("/spec/target: exactly one of 'port' or 'portName' must be set", result.Stdout);
        Assert.Contains("portLevelMtls/9464/mode must be equal to one of the allowed values", result.Stdout);
        Assert.Contains("'gateway' does not exist in type", result.Stdout);
        Assert.Contains("invalid value for label app.kubernetes.io/version: \"1.1.0+1\"", result.Stdout);
        Assert.Matches(@"(?m)^\d+ objects, 7 invalid$", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void The_routes_are_exactly_the_functions_routes_each_to_the_side_that_hosts_it_and_admin_is_unreachable(Scaling scaling, Exposure exposure)
    {
        var objects = HelmChart.Render(scaling, exposure);
        var functions = FunctionMetadata.FromBuildOutput();
        var routes = PublicRoute.Of(objects);
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            // A function's route: exact for a route without parameters, else a literal prefix at a segment boundary.
            var served = functions.Where(f => route.Match == "Exact"
                ? "/api/" + f.Route == route.Path
                : route.Takes(Objects.Literal("/api/" + f.Route).TrimEnd('/'))).ToList();
            Assert.True(served.Count > 0, $"{route.Path} ({route.Match}) is no function's route");
            // ... reaching, through the interceptor where there is one, a Service whose pods host every such function.
            var service = route.Service == Interceptor ? Intercepted(objects, route.Path) : route.Service;
            var target = objects.Get("Service", service);
            if (route.Service == Interceptor)
                Assert.Equal(8080, route.Port);
            else
                Assert.Contains(target.Json["spec"]!["ports"]!.AsArray(), p => p!["port"]!.GetValue<long>() == route.Port);
            var deployment = Assert.Single(objects.OfKind("Deployment"), d => Objects.Matches(target.Json["spec"]!["selector"]!.AsObject(), Objects.PodLabels(d)));
            Assert.All(served, f => Assert.Contains(f.Name, Objects.Functions(deployment)));
            Assert.Equal(scaling == Scaling.Addon, route.Service == Interceptor);
        }
        // Every function's route is reachable ...
        Assert.All(functions, f => Assert.Contains(routes, r => r.Takes(Objects.Literal("/api/" + f.Route).TrimEnd('/'))));
        // ... and the host's admin API is not, by any match (Istio's prefix is a plain string prefix: wider still).
        foreach (var admin in new[] { "/admin/host/status", "/admin/functions", "/admin" })
            Assert.DoesNotContain(routes, r => r.Takes(admin) || (exposure == Exposure.Istio && admin.StartsWith(r.Path, StringComparison.Ordinal)));
        // The public health check reaches the metrics side, which never sleeps.
        var health = Assert.Single(routes, r => r.Takes("/api/healthz"));
        Assert.Equal("metrics", objects.Get("Service", health.Service == Interceptor ? Intercepted(objects, health.Path) : health.Service).Component);
    }

    /// <summary>The Service the add-on's interceptor sends a request for the chart's host and <paramref name="path"/> to,
    /// by the add-on's own routing rule.</summary>
    private static string Intercepted(IReadOnlyList<Manifest> objects, string path) =>
        new AddonRoutingTable(objects).Route(HelmChart.Values["host"]!.GetValue<string>(), path)?.Json["spec"]!["target"]!["service"]!.GetValue<string>()
        ?? throw new Xunit.Sdk.XunitException($"the add-on's interceptor routes {path} nowhere");

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Services_PDBs_and_policies_select_the_pods_they_are_for_and_the_objects_name_each_other(Scaling scaling, Exposure exposure)
    {
        var objects = HelmChart.Render(scaling, exposure);
        var deployments = objects.OfKind("Deployment").ToList();
        Assert.Equal(["chart", "metrics"], deployments.Select(d => d.Component!).Order());

        foreach (var s in objects.OfKind("Service").Where(s => s.Json["spec"]!["type"]?.GetValue<string>() != "ExternalName"))
        {
            var deployment = Assert.Single(deployments, d => Objects.Matches(s.Json["spec"]!["selector"]!.AsObject(), Objects.PodLabels(d)));
            Assert.Equal(s.Component, deployment.Component);
            // Named and typed for Istio's protocol selection, targeting a container port.
            Assert.All(s.Json["spec"]!["ports"]!.AsArray(), p =>
            {
                Assert.Matches("^http(-.+)?$", p!["name"]!.GetValue<string>());
                Assert.Equal("http", p["appProtocol"]!.GetValue<string>());
                Assert.Contains(p["targetPort"]!.ToString(), Objects.ContainerPorts(deployment));
            });
        }
        foreach (var (where, selector) in Objects.Selectors(objects))
            Assert.True(deployments.Any(d => Objects.Matches(selector, Objects.PodLabels(d))), $"{where} selects no pod");
        foreach (var so in objects.OfKind("ScaledObject"))
        {
            Assert.Equal(so.Component, objects.Get("Deployment", so.Json["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>()).Component);
            foreach (var trigger in so.Json["spec"]!["triggers"]!.AsArray().Where(t => t!["type"]!.GetValue<string>() == "external-push"))
            {
                Assert.Equal("keda-add-ons-http-external-scaler.keda:9090", trigger!["metadata"]!["scalerAddress"]!.GetValue<string>());
                Assert.Equal(so.Component, objects.Get("InterceptorRoute", trigger["metadata"]!["interceptorRoute"]!.GetValue<string>()).Component);
            }
        }
        foreach (var route in objects.OfKind("InterceptorRoute"))
        {
            var target = objects.Get("Service", route.Json["spec"]!["target"]!["service"]!.GetValue<string>());
            Assert.Equal(route.Component, target.Component);
            Assert.Contains(target.Json["spec"]!["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == route.Json["spec"]!["target"]!["portName"]!.GetValue<string>());
        }
        foreach (var virtualService in objects.OfKind("VirtualService"))
            Assert.All(virtualService.Json["spec"]!["gateways"]!.AsArray(), g => objects.Get("Gateway", g!.GetValue<string>()));
        Assert.All(objects.Where(o => o.Kind != "ReferenceGrant"), o => Assert.Equal(HelmChart.Namespace, o.Namespace));
    }

    [Fact]
    public void The_add_on_routes_every_exposure_through_its_interceptor_with_a_ReferenceGrant_for_the_Gateway_API()
    {
        var gateway = HelmChart.Render(Scaling.Addon, Exposure.Gateway);
        var grant = Assert.Single(gateway.OfKind("ReferenceGrant")).Json;
        Assert.Equal("keda", grant["metadata"]!["namespace"]!.GetValue<string>());
        var from = Assert.Single(grant["spec"]!["from"]!.AsArray())!;
        Assert.Equal(("gateway.networking.k8s.io", "HTTPRoute", HelmChart.Namespace),
            (from["group"]!.GetValue<string>(), from["kind"]!.GetValue<string>(), from["namespace"]!.GetValue<string>()));
        var to = Assert.Single(grant["spec"]!["to"]!.AsArray())!;
        Assert.Equal(("", "Service", "keda-add-ons-http-interceptor-proxy"), (to["group"]!.GetValue<string>(), to["kind"]!.GetValue<string>(), to["name"]!.GetValue<string>()));
        Assert.All(HelmChart.Render(Scaling.Cpu, Exposure.Gateway).Concat(HelmChart.Render(Scaling.Addon, Exposure.Ingress)),
            o => Assert.NotEqual("ReferenceGrant", o.Kind));
        // The Ingress reaches the interceptor through an ExternalName Service of its own namespace.
        var ingress = HelmChart.Render(Scaling.Addon, Exposure.Ingress);
        Assert.Equal(Interceptor, Assert.Single(ingress.OfKind("Service"), s => s.Json["spec"]!["type"]?.GetValue<string>() == "ExternalName").Json["spec"]!["externalName"]!.GetValue<string>());
        // A chart request may wait for a pod to start: the exposures wait longer than the interceptor's readiness timeout.
        var readiness = Seconds(gateway.Side("InterceptorRoute", "chart").Json["spec"]!["timeouts"]!["readiness"]!.GetValue<string>());
        Assert.True(Seconds(gateway.Get("HTTPRoute", HelmChart.Release).Json["spec"]!["rules"]![1]!["timeouts"]!["request"]!.GetValue<string>()) > readiness);
        var chartRoute = HelmChart.Render(Scaling.Addon, Exposure.Istio).Get("VirtualService", HelmChart.Release).Json["spec"]!["http"]!.AsArray()
            .Single(h => h!["name"]!.GetValue<string>() == "chart")!;
        Assert.True(Seconds(chartRoute["timeout"]!.GetValue<string>()) > readiness);
    }

    [Theory]
    [MemberData(nameof(Scalings))]
    public void Every_HTTPRoute_and_VirtualService_rule_has_its_own_timeout_above_what_the_interceptor_allows_its_side(Scaling scaling)
    {
        var gateway = HelmChart.Render(scaling, Exposure.Gateway);
        var istio = HelmChart.Render(scaling, Exposure.Istio);
        var metricsPaths = HelmChart.Values["metrics"]!["paths"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToHashSet();
        var timeouts = new List<(string Side, int Seconds)>();
        foreach (var rule in gateway.Get("HTTPRoute", HelmChart.Release).Json["spec"]!["rules"]!.AsArray())
        {
            // Without one the Gateway's default applies (Envoy Gateway's is 15 s), shorter than the interceptor allows.
            var request = rule!["timeouts"]?["request"]?.GetValue<string>();
            Assert.True(request is not null, $"an HTTPRoute rule has no timeout: {rule.ToJsonString()}");
            var side = metricsPaths.Contains(rule["matches"]![0]!["path"]!["value"]!.GetValue<string>()) ? "metrics" : "chart";
            timeouts.Add((side, Seconds(request)));
        }
        foreach (var http in istio.Get("VirtualService", HelmChart.Release).Json["spec"]!["http"]!.AsArray())
            timeouts.Add((http!["name"]!.GetValue<string>(), Seconds(http["timeout"]!.GetValue<string>())));

        Assert.Equal(["chart", "chart", "metrics", "metrics"], timeouts.Select(t => t.Side).Order());
        foreach (var (side, seconds) in timeouts)
        {
            Assert.InRange(seconds, 16, 300);
            if (scaling == Scaling.Addon)
            {
                var limits = gateway.Side("InterceptorRoute", side).Json["spec"]!["timeouts"]!;
                Assert.True(seconds > Seconds(limits["request"]!.GetValue<string>()), $"{side}: {seconds} s, the interceptor's request timeout {limits["request"]}");
                Assert.True(seconds > Seconds(limits["readiness"]!.GetValue<string>()), $"{side}: {seconds} s, the interceptor's readiness timeout {limits["readiness"]}");
            }
        }
    }

    private static int Seconds(string duration) => int.Parse(duration.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Scalings))]
    public void Istio_exposure_lets_plain_text_scrapes_in_and_the_pods_keep_their_own_scrape_target(Scaling scaling)
    {
        var objects = HelmChart.Render(scaling, Exposure.Istio);
        var policy = Assert.Single(objects.OfKind("PeerAuthentication")).Json["spec"]!;
        var port = HelmChart.Values["metricsPort"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.All(objects.OfKind("Deployment"), d => Assert.True(Objects.Matches(policy["selector"]!["matchLabels"]!.AsObject(), Objects.PodLabels(d))));
        Assert.Equal("PERMISSIVE", policy["portLevelMtls"]![port]!["mode"]!.GetValue<string>());
        // The interceptor, outside the mesh, connects in plain text too; otherwise only the mesh's own gateway does.
        Assert.Equal(scaling == Scaling.Addon, policy["portLevelMtls"]!["8080"] is not null);
        Assert.Null(policy["mtls"]);
        Assert.All(objects.OfKind("Deployment"), d => Assert.Equal("false", Objects.PodAnnotations(d)["prometheus.istio.io/merge-metrics"]!.GetValue<string>()));
        var gateway = Assert.Single(objects.OfKind("Gateway")).Json["spec"]!;
        Assert.Equal("ingressgateway", gateway["selector"]!["istio"]!.GetValue<string>());
        Assert.Equal("HTTP", gateway["servers"]![0]!["port"]!["protocol"]!.GetValue<string>());
        Assert.Equal([HelmChart.Values["host"]!.GetValue<string>()], gateway["servers"]![0]!["hosts"]!.AsArray().Select(h => h!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Only_the_front_namespace_reaches_the_http_port_and_only_monitoring_the_scrape_port(Scaling scaling, Exposure exposure)
    {
        var objects = HelmChart.Render(scaling, exposure);
        var values = HelmChart.Values;
        var front = scaling == Scaling.Addon ? "keda" : exposure switch
        {
            Exposure.Gateway => values["gateway"]!["proxyNamespace"]!.GetValue<string>(),
            Exposure.Ingress => values["ingress"]!["controllerNamespace"]!.GetValue<string>(),
            _ => values["istio"]!["gatewayNamespace"]!.GetValue<string>(),
        };
        foreach (var side in new[] { "chart", "metrics" })
        {
            var from = Assert.Single(objects.Side("NetworkPolicy", side).Json["spec"]!["ingress"]!.AsArray())!["from"]!.AsArray();
            Assert.Contains(from, f => f!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"]?.GetValue<string>() == front);
            // The metrics side also takes the chart's calls; nothing else gets in.
            Assert.Equal(side == "metrics" ? 2 : 1, from.Count);
            if (side == "metrics")
                Assert.True(Objects.Matches(from.Single(f => f!["podSelector"] is not null)!["podSelector"]!["matchLabels"]!.AsObject(),
                    Objects.PodLabels(objects.Side("Deployment", "chart"))));
        }
        var scrape = objects.Get("NetworkPolicy", $"{HelmChart.Release}-scrape").Json["spec"]!;
        Assert.All(objects.OfKind("Deployment"), d => Assert.True(Objects.Matches(scrape["podSelector"]!["matchLabels"]!.AsObject(), Objects.PodLabels(d))));
        var rule = Assert.Single(scrape["ingress"]!.AsArray())!;
        Assert.Equal("monitoring", Assert.Single(rule["from"]!.AsArray())!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Assert.Equal("metrics", Assert.Single(rule["ports"]!.AsArray())!["port"]!.GetValue<string>());
        Assert.All(objects.OfKind("NetworkPolicy").Where(p => p != objects.Get("NetworkPolicy", $"{HelmChart.Release}-scrape")), p =>
            Assert.All(p.Json["spec"]!["ingress"]!.AsArray().SelectMany(r => r!["ports"]!.AsArray()), x => Assert.Equal("http", x!["port"]!.GetValue<string>())));
    }

    [Theory]
    [MemberData(nameof(Scalings))]
    public void Each_Deployment_hosts_its_sides_functions_from_values_and_each_exists_in_functions_metadata(Scaling scaling)
    {
        var built = FunctionMetadata.FromBuildOutput().Select(f => f.Name).ToHashSet();
        var objects = HelmChart.Render(scaling);

        foreach (var side in new[] { "metrics", "chart" })
        {
            var functions = Objects.Functions(objects.Side("Deployment", side));
            Assert.Equal(HelmChart.Functions(side), functions);
            Assert.All(functions, f => Assert.Contains(f, built));
        }
        // Between them the two sides host every function; the schema knows exactly these names.
        Assert.Equal(built.Order(), HelmChart.Functions("metrics").Union(HelmChart.Functions("chart")).Order());
        var schema = Yaml.ToJson(File.ReadAllText(Path.Combine(Tool.RepoRoot, HelmChart.ChartPath, "values.schema.json")));
        Assert.Equal(built.Order(), schema["definitions"]!["function"]!["enum"]!.AsArray().Select(f => f!.GetValue<string>()).Order());
    }

    [Theory]
    [MemberData(nameof(Scalings))]
    public void Pods_run_unprivileged_read_only_bounded_probed_and_named_for_telemetry(Scaling scaling)
    {
        var objects = HelmChart.Render(scaling);
        var port = new FunctionsMonitor.Observability.ObservabilityOptions().PrometheusPort;
        foreach (var d in objects.OfKind("Deployment"))
        {
            var pod = d.Json["spec"]!["template"]!["spec"]!;
            var c = Objects.Container(d);
            var env = Objects.Env(d);
            Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
            Assert.False(c["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
            Assert.True(c["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
            Assert.Equal(["ALL"], c["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(x => x!.GetValue<string>()));
            var tmp = c["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/tmp")!["name"]!.GetValue<string>();
            Assert.NotNull(pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == tmp)!["emptyDir"]);
            Assert.Equal("/tmp", env["HOME"]); // the host's files under HOME must land on the writable volume
            foreach (var kind in new[] { "requests", "limits" })
                foreach (var resource in new[] { "cpu", "memory" })
                    Assert.NotNull(c["resources"]![kind]![resource]);
            Assert.Equal("/api/healthz", c["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/admin/host/ping", c["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            var startup = c["startupProbe"]!;
            Assert.InRange(startup["periodSeconds"]!.GetValue<long>() * startup["failureThreshold"]!.GetValue<long>(), 20, 300);
            Assert.NotNull(c["lifecycle"]!["preStop"]);
            Assert.True(pod["terminationGracePeriodSeconds"]!.GetValue<long>() > 5);
            Assert.Equal("http://+:8080", env["ASPNETCORE_URLS"]);
            Assert.Null(d.Json["spec"]!["replicas"]); // KEDA's HPA owns the count
            // The scrape port: the app's default, in the container, the annotations and the app's setting alike.
            Assert.Contains(c["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "metrics" && p["containerPort"]!.GetValue<long>() == port);
            Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), Objects.PodAnnotations(d)["prometheus.io/port"]!.GetValue<string>());
            Assert.Equal("true", Objects.PodAnnotations(d)["prometheus.io/scrape"]!.GetValue<string>());
            Assert.Equal("/metrics", Objects.PodAnnotations(d)["prometheus.io/path"]!.GetValue<string>());
            Assert.Equal($"{HelmChart.Release}-{d.Component}", env["OTEL_SERVICE_NAME"]);
            Assert.Equal("valueFrom {\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}", env[FunctionsMonitor.Observability.ObservabilityRegistration.PodName]);
        }
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), objects.Settings("Observability__PrometheusPort"));
        // Nothing is exported, and the host's tracing mode stays off, unless an endpoint is given.
        var data = objects.OfKind("ConfigMap").Single().Json["data"]!.AsObject();
        Assert.DoesNotContain(data, e => e.Key.StartsWith("OTEL_EXPORTER", StringComparison.Ordinal) || e.Key.Contains("telemetryMode", StringComparison.Ordinal));
    }

    [Fact]
    public void The_chart_finds_the_metrics_Service_by_its_cluster_DNS_name()
    {
        var objects = HelmChart.Render(Scaling.Addon);
        var baseUrl = new Uri(Objects.Env(objects.Side("Deployment", "chart"))["MetricsService__BaseUrl"]);
        var metrics = objects.Side("Service", "metrics");

        Assert.Equal(metrics.Name, baseUrl.Host);
        Assert.Equal(metrics.Json["spec"]!["ports"]![0]!["port"]!.GetValue<long>(), baseUrl.Port);
        Assert.Equal("/api", baseUrl.AbsolutePath);
        Assert.DoesNotContain("MetricsService__BaseUrl", Objects.Env(objects.Side("Deployment", "metrics")).Keys);
    }
}
