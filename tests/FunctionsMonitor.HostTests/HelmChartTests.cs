using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>The Helm chart as users live with it: names from the release, one value per fact, values refused with
/// their name, settings that roll the pods, two releases side by side.</summary>
public sealed partial class HelmChartTests
{
    public static TheoryData<HelmVersion> Helms => [HelmVersion.Helm3, HelmVersion.Helm4];

    [Theory]
    [MemberData(nameof(Helms))]
    public void Each_Helm_is_the_version_it_should_be(HelmVersion helm) =>
        Assert.StartsWith(helm == HelmVersion.Helm3 ? "v3.17.3" : "v4.1.4", Tool.Run(HelmChart.Helm(helm), ["version", "--short"]).Ok());

    [Fact]
    public void No_template_hard_codes_an_object_name()
    {
        var templates = Directory.GetFiles(Path.Combine(Tool.RepoRoot, HelmChart.ChartPath, "templates"));

        Assert.NotEmpty(templates);
        Assert.All(templates, t => Assert.DoesNotContain("functions-monitor-", File.ReadAllText(t)));
    }

    [Fact]
    public void Names_follow_the_release_nameOverride_and_fullnameOverride()
    {
        string[] Names(string release, params string[] set) => Yaml.Parse(HelmChart.Template(HelmVersion.Helm4, set, release).Ok())
            .Where(o => o.Kind is "Deployment" or "Service" or "ConfigMap").Select(o => o.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["functions-monitor-chart", "functions-monitor-chart", "functions-monitor-metrics", "functions-monitor-metrics", "functions-monitor-settings"],
            Names("functions-monitor"));
        Assert.Equal(["shop-functions-monitor-chart", "shop-functions-monitor-chart", "shop-functions-monitor-metrics", "shop-functions-monitor-metrics", "shop-functions-monitor-settings"],
            Names("shop"));
        Assert.Equal(["shop-monitor-chart", "shop-monitor-chart", "shop-monitor-metrics", "shop-monitor-metrics", "shop-monitor-settings"],
            Names("shop", "nameOverride=monitor"));
        Assert.Equal(["fm-chart", "fm-chart", "fm-metrics", "fm-metrics", "fm-settings"], Names("shop", "fullnameOverride=fm"));
        var overridden = Yaml.Parse(HelmChart.Template(HelmVersion.Helm4, ["nameOverride=monitor"], "shop").Ok());
        Assert.All(overridden, o => Assert.Equal("monitor", o.Json["metadata"]!["labels"]!["app.kubernetes.io/name"]!.GetValue<string>()));
        // The chart finds the metrics side by the release's name, not a fixed one.
        Assert.Equal("http://shop-monitor-metrics/api", Objects.Env(overridden.Side("Deployment", "chart"))["MetricsService__BaseUrl"]);
    }

    [Theory]
    [MemberData(nameof(RenderedManifestTests.Combinations), MemberType = typeof(RenderedManifestTests))]
    public void Two_releases_in_one_namespace_share_no_name_and_select_none_of_each_others_pods(Scaling scaling, Exposure exposure)
    {
        IReadOnlyList<Manifest> Release(string name) => Yaml.Parse(HelmChart.Template(HelmVersion.Helm4,
            [$"scaling={HelmChart.Name(scaling)}", $"exposure={HelmChart.Name(exposure)}", "prometheus.podMonitor=true"], name, "shared").Ok());
        var (one, two) = (Release("one"), Release("two"));

        Assert.Empty(one.Select(Key).Intersect(two.Select(Key)));
        foreach (var (mine, theirs) in new[] { (one, two), (two, one) })
        {
            var theirPods = theirs.OfKind("Deployment").Select(Objects.PodLabels).ToList();
            var myPods = mine.OfKind("Deployment").Select(Objects.PodLabels).ToList();
            foreach (var (where, selector) in Objects.Selectors(mine))
            {
                Assert.True(myPods.Any(p => Objects.Matches(selector, p)), $"{where} selects none of its release's pods");
                Assert.False(theirPods.Any(p => Objects.Matches(selector, p)), $"{where} selects the other release's pods");
                Assert.Contains("app.kubernetes.io/instance", selector.Select(s => s.Key));
            }
        }
        // The KEDA query of one release counts only its own chart pods.
        foreach (var so in one.OfKind("ScaledObject").Where(s => s.Json["spec"]!["triggers"]![0]!["type"]!.GetValue<string>() == "prometheus"))
        {
            var pods = new Regex(Regex.Match(so.Json["spec"]!["triggers"]![0]!["metadata"]!["query"]!.GetValue<string>(), "pod=~\"([^\"]+)\"").Groups[1].Value);
            Assert.Matches(pods, "one-functions-monitor-chart-7c9f8d6b5-x2x7q");
            Assert.DoesNotMatch(pods, "two-functions-monitor-chart-7c9f8d6b5-x2x7q");
            Assert.DoesNotMatch(pods, "one-functions-monitor-metrics-7c9f8d6b5-x2x7q");
        }

        static string Key(Manifest o) => $"{o.Kind}/{o.Namespace}/{o.Name}";
    }

    [Fact]
    public void A_changed_setting_changes_the_pods_checksum_and_nothing_else_does()
    {
        static IEnumerable<string> Checksums(params string[] set) => HelmChart.Render(Scaling.Addon, Exposure.Gateway, set).OfKind("Deployment")
            .Select(d => Objects.PodAnnotations(d)["checksum/config"]!.GetValue<string>()).Distinct();
        var before = Assert.Single(Checksums());

        Assert.Matches("^[0-9a-f]{64}$", before);
        Assert.Equal(before, Assert.Single(Checksums("chart.maxReplicas=5")));
        Assert.NotEqual(before, Assert.Single(Checksums("""json:apps=[{"name":"shop","domain":"shop.example.com"}]""")));
        Assert.NotEqual(before, Assert.Single(Checksums("json:metricsService.timeoutSeconds=2.5")));
        Assert.NotEqual(before, Assert.Single(Checksums("otlp.endpoint=http://otel-collector.monitoring:4318")));
    }

    [Fact]
    public void The_concurrency_targets_derive_from_the_render_limits_and_the_metrics_pods_size_and_the_host_never_queues()
    {
        var values = HelmChart.Values;
        var host = Yaml.ToJson(File.ReadAllText(Path.Combine(Tool.RepoRoot, "host.json")))["extensions"]!["http"]!;
        // The host lets every request through (its queue answered floods with bare 429s, probes included): the
        // worker's 503 with Retry-After is the only shedding a client meets.
        Assert.Equal(-1, host["maxConcurrentRequests"]!.GetValue<long>());
        Assert.Equal(-1, host["maxOutstandingRequests"]!.GetValue<long>());
        Assert.False(host["dynamicThrottlesEnabled"]!.GetValue<bool>());
        var renders = values["chart"]!["renders"]!;
        var (concurrent, queued) = (renders["concurrent"]!.GetValue<long>(), renders["queued"]!.GetValue<long>());
        var percent = values["scaleAtPercent"]!.GetValue<long>();
        var inFlight = values["metrics"]!["inFlight"]!.GetValue<long>();

        static long Target(IReadOnlyList<Manifest> objects, string side) =>
            objects.Side("InterceptorRoute", side).Json["spec"]!["scalingMetric"]!["concurrency"]!["targetValue"]!.GetValue<long>();
        var addon = HelmChart.Render(Scaling.Addon);
        Assert.Equal(Math.Max(1, (concurrent + queued) * percent / 100), Target(addon, "chart"));
        Assert.Equal(Math.Max(1, inFlight * percent / 100), Target(addon, "metrics"));
        // Below what a pod holds before it refuses: a new pod is on its way first.
        Assert.True(Target(addon, "chart") < concurrent + queued);
        var chart = Objects.Env(addon.Side("Deployment", "chart"));
        Assert.Equal(concurrent.ToString(System.Globalization.CultureInfo.InvariantCulture), chart["Chart__MaxConcurrentRenders"]);
        Assert.Equal(queued.ToString(System.Globalization.CultureInfo.InvariantCulture), chart["Chart__MaxQueuedRenders"]);
        var threshold = HelmChart.Render(Scaling.Prometheus).Side("ScaledObject", "chart").Json["spec"]!["triggers"]![0]!["metadata"]!["threshold"]!.GetValue<string>();
        Assert.Equal(Target(addon, "chart").ToString(System.Globalization.CultureInfo.InvariantCulture), threshold);

        // Set once, changed everywhere.
        var changed = HelmChart.Render(Scaling.Addon, Exposure.Gateway, "chart.renders.concurrent=4", "chart.renders.queued=16", "scaleAtPercent=50");
        Assert.Equal(10, Target(changed, "chart"));
        Assert.Equal(16, Target(changed, "metrics"));
        Assert.Equal("16", Objects.Env(changed.Side("Deployment", "chart"))["Chart__MaxQueuedRenders"]);
    }

    [Fact]
    public void The_metrics_port_is_set_once_and_reaches_every_object_that_names_it()
    {
        var objects = HelmChart.Render(Scaling.Prometheus, Exposure.Istio, "metricsPort=9100");

        Assert.Equal("9100", objects.Settings("Observability__PrometheusPort"));
        Assert.All(objects.OfKind("Deployment"), d =>
        {
            Assert.Contains(Objects.Container(d)["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "metrics" && p["containerPort"]!.GetValue<long>() == 9100);
            Assert.Equal("9100", Objects.PodAnnotations(d)["prometheus.io/port"]!.GetValue<string>());
        });
        Assert.NotNull(Assert.Single(objects.OfKind("PeerAuthentication")).Json["spec"]!["portLevelMtls"]!["9100"]);
        Assert.Equal("metrics", Assert.Single(objects.OfKind("PodMonitor")).Json["spec"]!["podMetricsEndpoints"]![0]!["port"]!.GetValue<string>());
        // The default is the app's own and the image's EXPOSE.
        var port = new FunctionsMonitor.Observability.ObservabilityOptions().PrometheusPort;
        Assert.Equal(port, HelmChart.Values["metricsPort"]!.GetValue<long>());
        Assert.Matches($@"(?m)^EXPOSE 8080 {port}$", File.ReadAllText(Path.Combine(Tool.RepoRoot, "Dockerfile")));
    }

    [Fact]
    public void Scaling_keeps_the_metrics_side_up_and_the_chart_scales_as_each_variant_says()
    {
        var addon = HelmChart.Render(Scaling.Addon);
        var metrics = addon.Side("ScaledObject", "metrics").Json["spec"]!;
        Assert.Equal(2, metrics["minReplicaCount"]!.GetValue<long>());
        Assert.Equal(["external-push", "cpu"], metrics["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));
        var chart = addon.Side("ScaledObject", "chart").Json["spec"]!;
        Assert.Equal(0, chart["minReplicaCount"]!.GetValue<long>());
        Assert.Equal(["external-push"], chart["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));
        Assert.Equal(1, addon.Side("PodDisruptionBudget", "metrics").Json["spec"]!["minAvailable"]!.GetValue<long>());

        var cpu = HelmChart.Render(Scaling.Cpu);
        foreach (var so in cpu.OfKind("ScaledObject"))
        {
            Assert.Equal(1, so.Json["spec"]!["minReplicaCount"]!.GetValue<long>());
            Assert.Equal(["cpu"], so.Json["spec"]!["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));
            Assert.NotNull(Objects.Container(cpu.Side("Deployment", so.Component!))["resources"]!["requests"]!["cpu"]); // a cpu trigger needs requests
        }
        // One replica: a drain may take it (minAvailable: 1 would block every drain).
        Assert.All(cpu.OfKind("PodDisruptionBudget"), p => Assert.Equal(1, p.Json["spec"]!["maxUnavailable"]!.GetValue<long>()));

        var prometheus = HelmChart.Render(Scaling.Prometheus);
        var trigger = Assert.Single(prometheus.Side("ScaledObject", "chart").Json["spec"]!["triggers"]!.AsArray())!;
        Assert.Equal("prometheus", trigger["type"]!.GetValue<string>());
        Assert.Equal(HelmChart.Values["prometheus"]!["serverAddress"]!.GetValue<string>(), trigger["metadata"]!["serverAddress"]!.GetValue<string>());
        Assert.Equal(1, prometheus.Side("ScaledObject", "chart").Json["spec"]!["minReplicaCount"]!.GetValue<long>());
        Assert.Equal(["cpu"], prometheus.Side("ScaledObject", "metrics").Json["spec"]!["triggers"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()));
        var monitor = Assert.Single(prometheus.OfKind("PodMonitor")).Json["spec"]!;
        Assert.All(prometheus.OfKind("Deployment"), d => Assert.True(Objects.Matches(monitor["selector"]!["matchLabels"]!.AsObject(), Objects.PodLabels(d))));
        Assert.Empty(addon.OfKind("PodMonitor"));
    }

    [Theory]
    [InlineData(HelmVersion.Helm3, "chart.maxReplicas=ten", "maxReplicas")]
    [InlineData(HelmVersion.Helm4, "chart.maxReplicas=ten", "maxReplicas")]
    [InlineData(HelmVersion.Helm3, "scaling=http", "scaling")]
    [InlineData(HelmVersion.Helm4, "exposure=nginx", "exposure")]
    [InlineData(HelmVersion.Helm3, "metricsService.timeoutSeconds=-1", "timeoutSeconds")]
    [InlineData(HelmVersion.Helm4, "image.tag=latest", "tag")]
    [InlineData(HelmVersion.Helm3, "apps[0].name=-bad", "name")]
    [InlineData(HelmVersion.Helm4, "metrics.minReplicas=0", "minReplicas")]
    [InlineData(HelmVersion.Helm3, "chart.paths[0].path=/admin/host/status", "path")]
    [InlineData(HelmVersion.Helm4, "chart.functions={ChartFunction,HealthFunction,AdminFunction}", "functions")]
    [InlineData(HelmVersion.Helm3, "metricsPort=8080", "metricsPort")]
    [InlineData(HelmVersion.Helm4, "host=", "host")]
    public void A_wrong_value_fails_naming_it(HelmVersion helm, string set, string name)
    {
        var result = HelmChart.Template(helm, [set]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("schema", result.Stderr);
        Assert.Contains(name, result.Stderr);
    }

    [Theory]
    [InlineData(HelmVersion.Helm3, "scaling=cpu")]
    [InlineData(HelmVersion.Helm4, "scaling=cpu")]
    [InlineData(HelmVersion.Helm3, "scaling=prometheus")]
    [InlineData(HelmVersion.Helm4, "scaling=prometheus")]
    public void A_chart_at_zero_replicas_is_refused_where_no_trigger_could_wake_it(HelmVersion helm, string scaling)
    {
        var refused = HelmChart.Template(helm, [scaling, "chart.minReplicas=0"]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("chart", refused.Stderr);
        Assert.Contains("minReplicas", refused.Stderr);
        Assert.Equal(0, HelmChart.Template(helm, ["scaling=addon", "chart.minReplicas=0"]).ExitCode);
    }

    [Fact]
    public void More_minimum_than_maximum_replicas_fails_with_both_numbers()
    {
        var result = HelmChart.Template(HelmVersion.Helm4, ["metrics.minReplicas=4", "metrics.maxReplicas=3"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metrics.minReplicas (4) is above metrics.maxReplicas (3)", result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Helms))]
    public void The_values_a_user_changes_reach_the_objects(HelmVersion helm)
    {
        var objects = HelmChart.Render(helm, Scaling.Addon, Exposure.Gateway, "image.repository=ghcr.io/me/functions-monitor", "image.tag=2.0.1",
            "host=monitor.example.org", "gateway.parentRefs[0].name=public", "gateway.parentRefs[0].namespace=gateways",
            "chart.minReplicas=1", "metrics.maxReplicas=5", "apps[0].name=shop", "apps[0].domain=shop.example.org",
            "json:metricsService.timeoutSeconds=2.5", "addon.namespace=keda-http", "monitoringNamespace=observability");

        Assert.All(objects.OfKind("Deployment"), d => Assert.Equal("ghcr.io/me/functions-monitor:2.0.1", Objects.Container(d)["image"]!.GetValue<string>()));
        var route = objects.Get("HTTPRoute", HelmChart.Release).Json["spec"]!;
        Assert.Equal(["monitor.example.org"], route["hostnames"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal(("public", "gateways"), (route["parentRefs"]![0]!["name"]!.GetValue<string>(), route["parentRefs"]![0]!["namespace"]!.GetValue<string>()));
        Assert.All(route["rules"]!.AsArray().SelectMany(r => r!["backendRefs"]!.AsArray()), b => Assert.Equal("keda-http", b!["namespace"]!.GetValue<string>()));
        Assert.Equal("keda-http", Assert.Single(objects.OfKind("ReferenceGrant")).Namespace);
        Assert.Equal("keda-add-ons-http-external-scaler.keda-http:9090",
            objects.Side("ScaledObject", "chart").Json["spec"]!["triggers"]![0]!["metadata"]!["scalerAddress"]!.GetValue<string>());
        Assert.Equal(1, objects.Side("ScaledObject", "chart").Json["spec"]!["minReplicaCount"]!.GetValue<long>());
        Assert.Equal(5, objects.Side("ScaledObject", "metrics").Json["spec"]!["maxReplicaCount"]!.GetValue<long>());
        Assert.Equal("shop", objects.Settings("Metrics__Apps__0__Name"));
        Assert.Equal("2.5", objects.Settings("MetricsService__TimeoutSeconds"));
        Assert.Equal("observability", objects.Get("NetworkPolicy", $"{HelmChart.Release}-scrape").Json["spec"]!["ingress"]![0]!["from"]![0]!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        var ingress = HelmChart.Render(helm, Scaling.Cpu, Exposure.Ingress, "host=monitor.example.org", "ingress.className=haproxy",
            "ingress.controllerNamespace=haproxy-controller").Get("Ingress", HelmChart.Release).Json["spec"]!;
        Assert.Equal("haproxy", ingress["ingressClassName"]!.GetValue<string>());
        Assert.Equal("monitor.example.org", ingress["rules"]![0]!["host"]!.GetValue<string>());
    }

    [Fact]
    public void An_OTLP_endpoint_turns_on_the_exporter_and_the_hosts_tracing_mode_on_both_sides()
    {
        var objects = HelmChart.Render(Scaling.Addon, Exposure.Gateway, "otlp.endpoint=http://otel-collector.monitoring:4318");

        Assert.Equal("http://otel-collector.monitoring:4318", objects.Settings(FunctionsMonitor.Observability.ObservabilityRegistration.OtlpEndpoint));
        Assert.Equal("http/protobuf", objects.Settings("OTEL_EXPORTER_OTLP_PROTOCOL"));
        Assert.Equal("OpenTelemetry", objects.Settings("AzureFunctionsJobHost__telemetryMode"));
        // Both Deployments read the one ConfigMap, and each names its own service.
        Assert.All(objects.OfKind("Deployment"), d => Assert.Equal($"{HelmChart.Release}-settings",
            Objects.Container(d)["envFrom"]![0]!["configMapRef"]!["name"]!.GetValue<string>()));
    }

    /// <summary>Helm 4 renders an install's notes offline (Helm 3.17's client-side dry run still asks a cluster).</summary>
    [Theory]
    [InlineData("gateway", "envoy-gateway-system port-forward")]
    [InlineData("ingress", "traefik port-forward")]
    [InlineData("istio", "istio-system port-forward svc/istio-ingressgateway 8080:80")]
    public void The_install_notes_say_which_URL_to_open_how_to_reach_it_and_how_to_watch_scaling(string exposure, string forward)
    {
        var notes = Tool.Run(HelmChart.Helm(HelmVersion.Helm4), ["install", "functions-monitor", HelmChart.ChartPath, "-n", "functions-monitor",
            "--dry-run=client", "--set", "host=monitor.example.org", "--set", $"exposure={exposure}"]).Ok();
        var text = notes[notes.IndexOf("NOTES:", StringComparison.Ordinal)..];

        Assert.Contains("http://monitor.example.org/api/dashboard", text);
        Assert.Contains(forward, text);
        Assert.Contains("scripts/smoke.sh http://127.0.0.1:8080 monitor.example.org", text);
        Assert.Contains("kubectl get scaledobjects,hpa,pods -n functions-monitor -w", text);
    }

    [Fact]
    public void One_version_everywhere_chart_image_tag_kustomize_compose_and_release_workflow()
    {
        var chart = File.ReadAllText(Path.Combine(Tool.RepoRoot, HelmChart.ChartPath, "Chart.yaml"));
        var version = Regex.Match(chart, @"(?m)^version: *(\S+)$").Groups[1].Value;
        var appVersion = Regex.Match(chart, @"(?m)^appVersion: *""?([^""\s]+)""?$").Groups[1].Value;
        var release = File.ReadAllText(Path.Combine(Tool.RepoRoot, ".github/workflows/release.yml"));

        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
        Assert.Equal(version, appVersion);
        foreach (var variant in HelmChart.Scalings)
            Assert.Equal(version, Regex.Match(File.ReadAllText(Path.Combine(Kustomize.Directory(variant), "kustomization.yaml")), @"newTag: *""?([^""\s]+)""?").Groups[1].Value);
        Assert.Contains($"image: functions-monitor:{version}", File.ReadAllText(Path.Combine(Tool.RepoRoot, "compose.yaml")));
        // The release publishes tag v<version> only when it is the chart's version, and tags the image with it.
        Assert.Contains("charts/functions-monitor/Chart.yaml", release);
        Assert.Contains("tags: [\"v*.*.*\"]", release);
        Assert.Contains("version=\"${GITHUB_REF_NAME#v}\"", release);
        Assert.Contains(":${{ steps.names.outputs.version }}", release);
        // Rendered, the image is pinned to it.
        Assert.All(HelmChart.Render(Scaling.Addon).OfKind("Deployment"), d => Assert.EndsWith($":{version}", Objects.Container(d)["image"]!.GetValue<string>()));
    }
}
