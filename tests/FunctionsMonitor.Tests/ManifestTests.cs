using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using k8s;
using k8s.Models;

namespace FunctionsMonitor.Tests;

/// <summary>Both variants of k8s-keda/, built once with current kustomize and once with Debian's v2.0.3.</summary>
public sealed class ManifestFixture
{
    public ManifestFixture()
    {
        foreach (var variant in Enum.GetValues<Variant>())
        {
            Current[variant] = Kustomize.Build(Kustomize.CurrentKubectl, variant);
            Objects[variant] = Kustomize.Parse(Current[variant]);
        }
    }

    public Dictionary<Variant, string> Current { get; } = [];

    public Dictionary<Variant, IReadOnlyList<Manifest>> Objects { get; } = [];
}

public sealed partial class ManifestTests(ManifestFixture manifests) : IClassFixture<ManifestFixture>
{
    public static TheoryData<Variant> Variants => [Variant.Addon, Variant.Cpu, Variant.Prometheus];

    private static readonly Dictionary<string, Type> CoreKinds = new()
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["networking.k8s.io/v1/Ingress"] = typeof(V1Ingress),
    };

    private static readonly Dictionary<string, string> CustomKinds = new()
    {
        ["keda.sh/v1alpha1/ScaledObject"] = "scaledobject.schema.json",
        ["http.keda.sh/v1beta1/InterceptorRoute"] = "interceptorroute.schema.json",
        ["monitoring.coreos.com/v1/PodMonitor"] = "podmonitor.schema.json",
    };

    /// <summary>Which functions each Deployment hosts (docs/api.md).</summary>
    private static readonly Dictionary<string, string[]> FunctionsByDeployment = new()
    {
        ["functions-monitor-metrics"] = ["MetricsFunction", "MetricsHistoryFunction", "HealthFunction"],
        ["functions-monitor-chart"] = ["ChartFunction", "DashboardFunction", "OpenApiFunction", "HealthFunction"],
    };

    private IReadOnlyList<Manifest> Objects(Variant v) => manifests.Objects[v];

    private IEnumerable<Manifest> OfKind(Variant v, string kind) => Objects(v).Where(o => o.Kind == kind);

    private Manifest Get(Variant v, string kind, string name) =>
        Objects(v).SingleOrDefault(o => o.Kind == kind && o.Name == name) ?? throw new Xunit.Sdk.XunitException($"no {kind}/{name} in {v}");

    // ---- building ----

    [Theory]
    [MemberData(nameof(Variants))]
    public void Debians_kustomize_v2_0_3_builds_the_same_objects_as_current_kustomize(Variant variant)
    {
        Assert.Equal("v2.0.3", Kustomize.KustomizeVersion(Kustomize.LegacyKubectl));
        Assert.Matches(@"^v[4-9]\.", Kustomize.KustomizeVersion(Kustomize.CurrentKubectl));

        var legacy = Kustomize.Parse(Kustomize.Build(Kustomize.LegacyKubectl, variant));

        Assert.Equal(Objects(variant).Select(o => o.ToString()).Order(), legacy.Select(o => o.ToString()).Order());
        foreach (var o in legacy)
            Assert.True(JsonNode.DeepEquals(o.Json, Objects(variant).Single(c => c.ToString() == o.ToString()).Json), $"{o} differs between kustomize versions");
    }

    [Fact]
    public void The_variants_hold_the_objects_they_should()
    {
        string[] shared =
        [
            "Namespace/functions-monitor", "ConfigMap/functions-monitor-settings",
            "Deployment/functions-monitor-metrics", "Deployment/functions-monitor-chart",
            "Service/functions-monitor-metrics", "Service/functions-monitor-chart",
            "PodDisruptionBudget/functions-monitor-metrics", "PodDisruptionBudget/functions-monitor-chart",
            "NetworkPolicy/functions-monitor-metrics", "NetworkPolicy/functions-monitor-chart", "NetworkPolicy/functions-monitor-scrape",
            "Ingress/functions-monitor", "ScaledObject/functions-monitor-metrics", "ScaledObject/functions-monitor-chart",
        ];
        string[] addonOnly = ["Service/keda-interceptor", "InterceptorRoute/functions-monitor-chart", "InterceptorRoute/functions-monitor-metrics"];

        Assert.Equal(shared.Concat(addonOnly).Order(), Objects(Variant.Addon).Select(o => o.ToString()).Order());
        Assert.Equal(shared.Order(), Objects(Variant.Cpu).Select(o => o.ToString()).Order());
        Assert.Equal(shared.Append("PodMonitor/functions-monitor").Order(), Objects(Variant.Prometheus).Select(o => o.ToString()).Order());
        Assert.All(Enum.GetValues<Variant>().SelectMany(Objects).Where(o => o.Kind != "Namespace"),
            o => Assert.Equal("functions-monitor", o.Json["metadata"]!["namespace"]?.GetValue<string>()));
    }

    // ---- each object valid for its API version ----

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_object_uses_a_removed_or_beta_api_version(Variant variant)
    {
        string[] removed = ["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2", "networking.k8s.io/v1beta1",
            "policy/v1beta1", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1beta1", "rbac.authorization.k8s.io/v1beta1"];
        Assert.All(Objects(variant), o =>
        {
            Assert.DoesNotContain(o.ApiVersion, removed);
            Assert.True(CoreKinds.ContainsKey($"{o.ApiVersion}/{o.Kind}") || CustomKinds.ContainsKey($"{o.ApiVersion}/{o.Kind}"),
                $"{o}: {o.ApiVersion} {o.Kind} is not a kind these tests know how to validate");
        });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Core_objects_load_strictly_with_KubernetesClient(Variant variant)
    {
        foreach (var o in Objects(variant).Where(o => CoreKinds.ContainsKey($"{o.ApiVersion}/{o.Kind}")))
        {
            var loaded = KubernetesYaml.LoadAllFromString(o.Yaml, CoreKinds, strict: true);
            Assert.IsType(CoreKinds[$"{o.ApiVersion}/{o.Kind}"], Assert.Single(loaded));
        }
    }

    [Fact]
    public void Strict_loading_rejects_an_unknown_field()
    {
        var deployment = Get(Variant.Addon, "Deployment", "functions-monitor-chart").Yaml
            .Replace("  revisionHistoryLimit: 3", "  revisionHistoryLimit: 3\n  replica: 3", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(deployment, CoreKinds, strict: true));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Core_objects_have_the_fields_strict_loading_does_not_require(Variant variant)
    {
        foreach (var d in OfKind(variant, "Deployment"))
        {
            var spec = d.Json["spec"]!;
            var selector = spec["selector"]!["matchLabels"]!.AsObject();
            Assert.NotEmpty(selector);
            var podLabels = spec["template"]!["metadata"]!["labels"]!.AsObject();
            Assert.All(selector, l => Assert.Equal(l.Value!.GetValue<string>(), podLabels[l.Key]?.GetValue<string>()));
            var containers = spec["template"]!["spec"]!["containers"]!.AsArray();
            Assert.NotEmpty(containers);
            foreach (var c in containers)
            {
                Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", c!["name"]!.GetValue<string>());
                Assert.Matches(@"^[^:]+/[^:]+:[0-9][0-9A-Za-z.\-]*$", c["image"]!.GetValue<string>());
                Assert.All(c["ports"]!.AsArray(), p => Assert.InRange(p!["containerPort"]!.GetValue<long>(), 1, 65535));
            }
        }
        foreach (var s in OfKind(variant, "Service"))
        {
            var ports = s.Json["spec"]!["ports"]!.AsArray();
            Assert.NotEmpty(ports);
            Assert.All(ports, p => Assert.InRange(p!["port"]!.GetValue<long>(), 1, 65535));
            if (s.Json["spec"]!["type"]?.GetValue<string>() != "ExternalName")
                Assert.NotEmpty(s.Json["spec"]!["selector"]!.AsObject());
        }
        foreach (var p in OfKind(variant, "PodDisruptionBudget"))
        {
            Assert.NotEmpty(p.Json["spec"]!["selector"]!["matchLabels"]!.AsObject());
            Assert.True(p.Json["spec"]!["minAvailable"] is not null ^ p.Json["spec"]!["maxUnavailable"] is not null);
        }
        foreach (var rule in OfKind(variant, "Ingress").SelectMany(i => i.Json["spec"]!["rules"]!.AsArray()))
        {
            Assert.False(string.IsNullOrEmpty(rule!["host"]?.GetValue<string>()));
            Assert.All(rule["http"]!["paths"]!.AsArray(), p =>
            {
                Assert.Contains(p!["pathType"]!.GetValue<string>(), new[] { "Exact", "Prefix" });
                Assert.NotNull(p["backend"]!["service"]!["name"]);
                Assert.NotNull(p["backend"]!["service"]!["port"]);
            });
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void KEDA_and_add_on_objects_validate_against_schemas_written_from_their_CRDs(Variant variant)
    {
        foreach (var o in Objects(variant).Where(o => CustomKinds.ContainsKey($"{o.ApiVersion}/{o.Kind}")))
        {
            var results = Schema(CustomKinds[$"{o.ApiVersion}/{o.Kind}"]).Evaluate(
                System.Text.Json.JsonSerializer.SerializeToElement(o.Json), new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, $"{o}: {Errors(results)}");
        }
    }

    [Theory]
    [InlineData("both port and portName", """{"service":"s","port":80,"portName":"http"}""", false)]
    [InlineData("neither port nor portName", """{"service":"s"}""", false)]
    [InlineData("port only", """{"service":"s","port":80}""", true)]
    [InlineData("portName only", """{"service":"s","portName":"http"}""", true)]
    public void InterceptorRoute_target_takes_exactly_one_of_port_and_portName(string _, string target, bool valid)
    {
        var route = Get(Variant.Addon, "InterceptorRoute", "functions-monitor-chart").Json.DeepClone().AsObject();
        route["spec"]!["target"] = JsonNode.Parse(target);

        Assert.Equal(valid, Schema("interceptorroute.schema.json").Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(route)).IsValid);
    }

    [Theory]
    [InlineData("""{}""", false)]
    [InlineData("""{"concurrency":{"targetValue":8}}""", true)]
    [InlineData("""{"requestRate":{"targetValue":100,"window":"1m"}}""", true)]
    [InlineData("""{"concurrency":{"targetValue":0}}""", false)]
    public void InterceptorRoute_needs_at_least_one_scaling_metric(string metric, bool valid)
    {
        var route = Get(Variant.Addon, "InterceptorRoute", "functions-monitor-chart").Json.DeepClone().AsObject();
        route["spec"]!["scalingMetric"] = JsonNode.Parse(metric);

        Assert.Equal(valid, Schema("interceptorroute.schema.json").Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(route)).IsValid);
    }

    [Fact]
    public void A_ScaledObject_with_an_unknown_field_or_a_number_in_trigger_metadata_is_rejected()
    {
        var typo = Get(Variant.Addon, "ScaledObject", "functions-monitor-chart").Json.DeepClone().AsObject();
        typo["spec"]!["minReplicas"] = 1;
        var number = Get(Variant.Addon, "ScaledObject", "functions-monitor-metrics").Json.DeepClone().AsObject();
        number["spec"]!["triggers"]![1]!["metadata"]!["value"] = 70;

        Assert.False(Schema("scaledobject.schema.json").Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(typo)).IsValid);
        Assert.False(Schema("scaledobject.schema.json").Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(number)).IsValid);
    }

    // ---- the objects agree with each other and with the app ----

    [Theory]
    [MemberData(nameof(Variants))]
    public void Services_select_pods_of_a_Deployment_and_target_a_container_port(Variant variant)
    {
        foreach (var s in OfKind(variant, "Service").Where(s => s.Json["spec"]!["type"]?.GetValue<string>() != "ExternalName"))
        {
            var selector = s.Json["spec"]!["selector"]!.AsObject();
            var deployment = Assert.Single(OfKind(variant, "Deployment"), d => Matches(selector, PodLabels(d)));
            var containerPorts = ContainerPorts(deployment);
            Assert.All(s.Json["spec"]!["ports"]!.AsArray(), p =>
                Assert.Contains(p!["targetPort"]!.ToString(), containerPorts));
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void PodDisruptionBudgets_and_NetworkPolicies_select_the_pods_of_a_Deployment(Variant variant)
    {
        foreach (var o in OfKind(variant, "PodDisruptionBudget"))
            Assert.Single(OfKind(variant, "Deployment"), d => Matches(o.Json["spec"]!["selector"]!["matchLabels"]!.AsObject(), PodLabels(d)));
        // A NetworkPolicy selects one Deployment's pods, or (the scrape policy) all of them.
        foreach (var o in OfKind(variant, "NetworkPolicy"))
            Assert.Contains(OfKind(variant, "Deployment"), d => Matches(o.Json["spec"]!["podSelector"]!["matchLabels"]!.AsObject(), PodLabels(d)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Ingress_backends_name_existing_Services_and_ports(Variant variant)
    {
        foreach (var path in IngressPaths(variant))
        {
            var backend = path["backend"]!["service"]!;
            var service = Get(variant, "Service", backend["name"]!.GetValue<string>());
            var ports = service.Json["spec"]!["ports"]!.AsArray();
            Assert.Contains(ports, p => backend["port"]!["name"]?.GetValue<string>() == p!["name"]?.GetValue<string>()
                                        || backend["port"]!["number"]?.GetValue<long>() == p!["port"]!.GetValue<long>());
        }
    }

    [Fact]
    public void The_add_on_variant_routes_through_the_interceptor_and_the_cpu_variant_straight_to_the_Services()
    {
        Assert.All(IngressPaths(Variant.Addon), p => Assert.Equal("keda-interceptor", p["backend"]!["service"]!["name"]!.GetValue<string>()));
        Assert.Equal("keda-add-ons-http-interceptor-proxy.keda.svc.cluster.local",
            Get(Variant.Addon, "Service", "keda-interceptor").Json["spec"]!["externalName"]!.GetValue<string>());
        Assert.All(IngressPaths(Variant.Cpu), p => Assert.Equal(
            ServiceOf(p["path"]!.GetValue<string>()), p["backend"]!["service"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void InterceptorRoutes_target_existing_Services_and_ports_and_cover_the_Ingress_paths_of_their_Service()
    {
        var routes = OfKind(Variant.Addon, "InterceptorRoute").ToList();
        foreach (var route in routes)
        {
            var target = route.Json["spec"]!["target"]!;
            var service = Get(Variant.Addon, "Service", target["service"]!.GetValue<string>());
            Assert.Contains(service.Json["spec"]!["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == target["portName"]!.GetValue<string>());
        }
        // Every Ingress path reaches, by longest prefix, the route of the Service that hosts its functions.
        foreach (var path in IngressPaths(Variant.Addon).Select(p => p["path"]!.GetValue<string>()))
        {
            var route = routes.SelectMany(r => RoutePaths(r).Select(p => (Route: r, Prefix: p)))
                .Where(x => path.StartsWith(x.Prefix, StringComparison.Ordinal))
                .MaxBy(x => x.Prefix.Length).Route;
            Assert.Equal(ServiceOf(path), route.Json["spec"]!["target"]!["service"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_public_health_check_reaches_the_metrics_side_and_never_the_chart_in_either_variant()
    {
        Assert.Single(IngressPaths(Variant.Cpu), p => p["path"]!.GetValue<string>() == "/api/healthz"
            && p["backend"]!["service"]!["name"]!.GetValue<string>() == "functions-monitor-metrics");
        var routes = OfKind(Variant.Addon, "InterceptorRoute").ToDictionary(r => r.Name, RoutePaths);
        Assert.Contains("/api/healthz", routes["functions-monitor-metrics"]);
        Assert.DoesNotContain(routes["functions-monitor-chart"], p => "/api/healthz".StartsWith(p, StringComparison.Ordinal));
    }

    /// <summary>The Service a public path reaches: metrics and the public health check on the metrics side (it never
    /// sleeps, so an uptime check does not wake or load the chart), everything else on the chart side.</summary>
    private static string ServiceOf(string path) =>
        path.StartsWith("/api/metrics", StringComparison.Ordinal) || path == "/api/healthz"
            ? "functions-monitor-metrics" : "functions-monitor-chart";

    [Theory]
    [MemberData(nameof(Variants))]
    public void ScaledObjects_target_existing_Deployments_and_their_external_push_names_an_existing_route(Variant variant)
    {
        foreach (var so in OfKind(variant, "ScaledObject"))
        {
            Get(variant, "Deployment", so.Json["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
            foreach (var trigger in so.Json["spec"]!["triggers"]!.AsArray().Where(t => t!["type"]!.GetValue<string>() == "external-push"))
            {
                Assert.Equal("keda-add-ons-http-external-scaler.keda:9090", trigger!["metadata"]!["scalerAddress"]!.GetValue<string>());
                Get(variant, "InterceptorRoute", trigger["metadata"]!["interceptorRoute"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public void Scaling_the_metrics_Deployment_keeps_a_replica_and_the_chart_scales_as_described()
    {
        var metrics = Get(Variant.Addon, "ScaledObject", "functions-monitor-metrics").Json["spec"]!;
        Assert.True(metrics["minReplicaCount"]!.GetValue<long>() >= 1);
        Assert.Equal(["external-push", "cpu"], metrics["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));
        var chart = Get(Variant.Addon, "ScaledObject", "functions-monitor-chart").Json["spec"]!;
        Assert.Equal(["external-push"], chart["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));

        foreach (var so in OfKind(Variant.Cpu, "ScaledObject"))
        {
            Assert.True(so.Json["spec"]!["minReplicaCount"]!.GetValue<long>() >= 1, $"{so}: a cpu trigger cannot scale to zero");
            Assert.All(so.Json["spec"]!["triggers"]!.AsArray(), t => Assert.Equal("cpu", t!["type"]!.GetValue<string>()));
            var deployment = Get(Variant.Cpu, "Deployment", so.Json["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
            Assert.NotNull(Container(deployment)["resources"]!["requests"]!["cpu"]); // a cpu trigger needs requests
        }
    }

    [Fact]
    public void The_prometheus_variant_scales_the_chart_on_its_in_flight_invocations_and_metrics_on_cpu()
    {
        var chart = Get(Variant.Prometheus, "ScaledObject", "functions-monitor-chart").Json["spec"]!;
        var trigger = Assert.Single(chart["triggers"]!.AsArray())!;
        Assert.Equal("prometheus", trigger["type"]!.GetValue<string>());
        // The keys KEDA's prometheus scaler requires, each a non-empty string.
        foreach (var key in new[] { "serverAddress", "query", "threshold" })
            Assert.False(string.IsNullOrWhiteSpace(trigger["metadata"]![key]?.GetValue<string>()), $"{key} is missing");
        Assert.True(Uri.TryCreate(trigger["metadata"]!["serverAddress"]!.GetValue<string>(), UriKind.Absolute, out _));
        Assert.True(double.Parse(trigger["metadata"]!["threshold"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(chart["minReplicaCount"]!.GetValue<long>() >= 1, "at zero replicas no pod exports the signal");
        var metrics = Get(Variant.Prometheus, "ScaledObject", "functions-monitor-metrics").Json["spec"]!;
        Assert.Equal(["cpu"], metrics["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));
        var monitor = Get(Variant.Prometheus, "PodMonitor", "functions-monitor").Json["spec"]!;
        Assert.All(OfKind(Variant.Prometheus, "Deployment"), d => Assert.True(Matches(monitor["selector"]!["matchLabels"]!.AsObject(), PodLabels(d))));
        Assert.All(OfKind(Variant.Prometheus, "Deployment"), d => Assert.Contains(monitor["podMetricsEndpoints"]![0]!["port"]!.GetValue<string>(), ContainerPorts(d)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Both_Deployments_expose_the_scrape_port_and_name_their_service_and_pod_for_telemetry(Variant variant)
    {
        var port = new FunctionsMonitor.Observability.ObservabilityOptions().PrometheusPort;
        var names = new List<string>();
        foreach (var d in OfKind(variant, "Deployment"))
        {
            Assert.Contains(Container(d)["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "metrics" && p["containerPort"]!.GetValue<long>() == port);
            var annotations = d.Json["spec"]!["template"]!["metadata"]!["annotations"]!;
            Assert.Equal("true", annotations["prometheus.io/scrape"]!.GetValue<string>());
            Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]!.GetValue<string>());
            Assert.Equal("/metrics", annotations["prometheus.io/path"]!.GetValue<string>());
            var env = Container(d)["env"]!.AsArray();
            names.Add(Env(d)["OTEL_SERVICE_NAME"]);
            Assert.Equal("metadata.name", env.Single(e => e!["name"]!.GetValue<string>() == FunctionsMonitor.Observability.ObservabilityRegistration.PodName)!
                ["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
            Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", Env(d).Keys); // nothing exported unless you set it
        }
        Assert.Equal(["functions-monitor-chart", "functions-monitor-metrics"], names.Order());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Only_the_monitoring_namespace_reaches_the_scrape_port_of_every_app_pod(Variant variant)
    {
        var policy = Get(variant, "NetworkPolicy", "functions-monitor-scrape").Json["spec"]!;
        Assert.All(OfKind(variant, "Deployment"), d => Assert.True(Matches(policy["podSelector"]!["matchLabels"]!.AsObject(), PodLabels(d))));
        var rule = Assert.Single(policy["ingress"]!.AsArray())!;
        var from = Assert.Single(rule["from"]!.AsArray())!;
        Assert.Equal("monitoring", from["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Assert.Null(from["podSelector"]);
        var port = Assert.Single(rule["ports"]!.AsArray())!;
        Assert.Equal("metrics", port["port"]!.GetValue<string>());
        // No other policy lets anything reach the scrape port.
        Assert.All(OfKind(variant, "NetworkPolicy").Where(p => p.Name != "functions-monitor-scrape"), p =>
            Assert.All(p.Json["spec"]!["ingress"]!.AsArray().SelectMany(r => r!["ports"]!.AsArray()), x => Assert.Equal("http", x!["port"]!.GetValue<string>())));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Each_Deployment_hosts_its_functions_and_each_exists_in_functions_metadata(Variant variant)
    {
        var built = FunctionMetadata.FromBuildOutput().Select(f => f.Name).ToHashSet();
        foreach (var d in OfKind(variant, "Deployment"))
        {
            var functions = Env(d).Where(e => FunctionEnv().IsMatch(e.Key))
                .OrderBy(e => int.Parse(FunctionEnv().Match(e.Key).Groups[1].Value)).Select(e => e.Value).ToArray();
            Assert.Equal(FunctionsByDeployment[d.Name], functions);
            Assert.All(functions, f => Assert.Contains(f, built));
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_routed_path_is_a_function_route_and_nothing_under_admin_is_routed(Variant variant)
    {
        var routes = FunctionMetadata.FromBuildOutput().Select(f => "/api/" + f.Route).ToList();
        var paths = IngressPaths(variant).Select(p => (Path: p["path"]!.GetValue<string>(), Type: p["pathType"]!.GetValue<string>()))
            .Concat(OfKind(variant, "InterceptorRoute").SelectMany(RoutePaths).Select(p => (Path: p, Type: "Prefix")))
            .ToList();

        Assert.All(paths, p =>
        {
            Assert.DoesNotContain("/admin", p.Path, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("/api/", p.Path);
            Assert.Contains(routes, r => p.Type == "Exact" ? Literal(r) == p.Path : Literal(r).StartsWith(p.Path, StringComparison.Ordinal));
        });
        // ... and every public function route is reachable.
        Assert.All(routes, r => Assert.Contains(IngressPaths(variant), p => Literal(r).StartsWith(p["path"]!.GetValue<string>(), StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_chart_finds_the_metrics_Service_by_its_cluster_DNS_name(Variant variant)
    {
        var baseUrl = new Uri(Env(Get(variant, "Deployment", "functions-monitor-chart"))["MetricsService__BaseUrl"]);
        var metrics = Get(variant, "Service", "functions-monitor-metrics");

        Assert.Contains(baseUrl.Host, new[] { metrics.Name, $"{metrics.Name}.functions-monitor", $"{metrics.Name}.functions-monitor.svc", $"{metrics.Name}.functions-monitor.svc.cluster.local" });
        Assert.Equal(metrics.Json["spec"]!["ports"]![0]!["port"]!.GetValue<long>(), baseUrl.Port);
        Assert.Equal("/api", baseUrl.AbsolutePath);
        Assert.DoesNotContain("MetricsService__BaseUrl", Env(Get(variant, "Deployment", "functions-monitor-metrics")).Keys);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Pods_run_unprivileged_read_only_bounded_and_probed(Variant variant)
    {
        foreach (var d in OfKind(variant, "Deployment"))
        {
            var pod = d.Json["spec"]!["template"]!["spec"]!;
            var c = Container(d);
            Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
            Assert.False(c["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
            Assert.True(c["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
            Assert.Equal(["ALL"], c["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(x => x!.GetValue<string>()));
            var tmp = c["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/tmp")!["name"]!.GetValue<string>();
            Assert.NotNull(pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == tmp)!["emptyDir"]);
            Assert.Equal("/tmp", Env(d)["HOME"]); // the host's files under HOME must land on the writable volume
            foreach (var kind in new[] { "requests", "limits" })
                foreach (var resource in new[] { "cpu", "memory" })
                    Assert.NotNull(c["resources"]![kind]![resource]);
            Assert.Equal("/api/healthz", c["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/admin/host/ping", c["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            var startup = c["startupProbe"]!;
            // The host's ~4 s start fits many times over before liveness takes over.
            Assert.InRange(startup["periodSeconds"]!.GetValue<long>() * startup["failureThreshold"]!.GetValue<long>(), 20, 300);
            Assert.NotNull(c["lifecycle"]!["preStop"]);
            Assert.True(pod["terminationGracePeriodSeconds"]!.GetValue<long>() > 5);
            Assert.Equal("http://+:8080", Env(d)["ASPNETCORE_URLS"]);
            Assert.Contains("8080", ContainerPorts(d));
        }
    }

    [Fact]
    public void The_Dockerfile_builds_for_the_projects_framework_on_linux_x64_and_runs_unprivileged_with_a_font()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Kustomize.RepoRoot, "Dockerfile"));
        var framework = Regex.Match(File.ReadAllText(Path.Combine(Kustomize.RepoRoot, "Directory.Build.props")), "<TargetFramework>net([0-9.]+)</TargetFramework>").Groups[1].Value;
        var settings = Get(Variant.Addon, "ConfigMap", "functions-monitor-settings").Json["data"]!;

        Assert.Contains($"FROM mcr.microsoft.com/dotnet/sdk:{framework} AS build", dockerfile);
        Assert.Contains($"FROM mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated{framework}\n", dockerfile);
        Assert.Matches(@"dotnet publish FunctionsMonitor\.csproj -c Release -r linux-x64 --self-contained false", dockerfile);
        // The restore layer restores what the publish needs (the same properties), from the files that decide it.
        Assert.Contains("COPY FunctionsMonitor.csproj Directory.Build.props Directory.Packages.props ./", dockerfile);
        Assert.Contains("RUN dotnet restore FunctionsMonitor.csproj -r linux-x64 -p:PublishReadyToRun=true", dockerfile);
        Assert.Contains("-p:PublishReadyToRun=true -o /home/site/wwwroot", dockerfile);
        Assert.Contains("fonts-dejavu-core", dockerfile);
        Assert.Contains($"Chart__FontFile={settings["Chart__FontFile"]!.GetValue<string>()}", dockerfile);
        Assert.Matches(@"\nUSER [1-9][0-9]*:[1-9][0-9]*\n", dockerfile);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", dockerfile);
        var ignored = File.ReadAllLines(Path.Combine(Kustomize.RepoRoot, ".dockerignore"));
        Assert.All(new[] { "local.settings.json", "bin/", "obj/", "tests/", "benchmarks/" }, i => Assert.Contains(i, ignored));
    }

    [Fact]
    public void The_image_is_pinned_and_named_in_one_place()
    {
        var images = Objects(Variant.Addon).Concat(Objects(Variant.Cpu)).Where(o => o.Kind == "Deployment").Select(d => Container(d)["image"]!.GetValue<string>()).Distinct();

        var image = Assert.Single(images);
        Assert.DoesNotMatch(":latest$", image);
        Assert.Matches(@":[0-9]+\.[0-9]+\.[0-9]+$", image);
    }

    // ---- helpers ----

    /// <summary>Each schema file built once: a schema with an $id is registered globally by JsonSchema.Net.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

    private static JsonSchema Schema(string file) => Schemas.GetOrAdd(file, f => new Lazy<JsonSchema>(
        () => JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", f))))).Value;

    private static string Errors(EvaluationResults results) => string.Join("; ",
        results.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []);

    private IEnumerable<JsonNode> IngressPaths(Variant v) =>
        OfKind(v, "Ingress").SelectMany(i => i.Json["spec"]!["rules"]!.AsArray()).SelectMany(r => r!["http"]!["paths"]!.AsArray())!;

    private static IEnumerable<string> RoutePaths(Manifest route) =>
        route.Json["spec"]!["rules"]!.AsArray().SelectMany(r => r!["paths"]!.AsArray()).Select(p => p!["value"]!.GetValue<string>());

    private static JsonObject PodLabels(Manifest deployment) => deployment.Json["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    private static bool Matches(JsonObject selector, JsonObject labels) =>
        selector.All(s => labels[s.Key]?.GetValue<string>() == s.Value!.GetValue<string>());

    private static JsonNode Container(Manifest deployment) => deployment.Json["spec"]!["template"]!["spec"]!["containers"]![0]!;

    /// <summary>A container's ports by name and by number, as a Service's targetPort may name either.</summary>
    private static HashSet<string> ContainerPorts(Manifest deployment) =>
        Container(deployment)["ports"]!.AsArray().SelectMany(p => new[] { p!["name"]?.GetValue<string>(), p["containerPort"]!.ToString() })
            .OfType<string>().ToHashSet();

    private static Dictionary<string, string> Env(Manifest deployment) =>
        Container(deployment)["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(),
            e => e!["value"]?.GetValue<string>() ?? $"valueFrom {e["valueFrom"]!.ToJsonString()}");

    /// <summary>A route template's literal prefix: /api/metrics/{app}/history → /api/metrics/.</summary>
    private static string Literal(string route) => route.Split('{')[0];

    [GeneratedRegex(@"^AzureFunctionsJobHost__functions__(\d+)$")]
    private static partial Regex FunctionEnv();
}
