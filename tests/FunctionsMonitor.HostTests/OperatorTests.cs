using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace FunctionsMonitor.HostTests;

/// <summary>What the chart gives an operator on day two, held to real tools: the Grafana dashboard's every query and
/// the PrometheusRule's every recording rule on a real Prometheus scraping the app in the real host after real
/// traffic; the rules under <c>promtool check rules</c> and the unit tests of <c>promtool test rules</c>.</summary>
public sealed class OperatorTests
{
    public const string Promtool = "promtool";

    private const string DashboardFile = "charts/functions-monitor/dashboards/functions-monitor.json";

    private static readonly string[] RuleTests = ["tests/prometheus-rules/functions-monitor.test.yaml", "tests/prometheus-rules/functions-monitor.3d.test.yaml"];

    public static JsonObject Dashboard => JsonNode.Parse(File.ReadAllText(Path.Combine(Tool.RepoRoot, DashboardFile)))!.AsObject();

    /// <summary>Every panel's queries: (panel title, PromQL as written).</summary>
    public static IEnumerable<(string Panel, string Expr)> PanelQueries() =>
        Dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()
            .Select(t => (p["title"]!.GetValue<string>(), t!["expr"]!.GetValue<string>())));

    /// <summary>The dashboard's variables as a test gives them: this namespace, every pod, a one-minute rate window.</summary>
    private static string Substitute(string expr) => expr
        .Replace("$namespace", HelmChart.Namespace, StringComparison.Ordinal)
        .Replace("$pod", ".*", StringComparison.Ordinal)
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal);

    /// <summary>kube-state-metrics' series, which no test here can produce.</summary>
    private static bool FromKubeStateMetrics(string expr) => expr.Contains("kube_", StringComparison.Ordinal);

    /// <summary>The PrometheusRule's groups, as a rules file promtool and Prometheus read.</summary>
    public static string RulesFile(params string[] set)
    {
        var rule = HelmChart.Render(Scaling.Addon, Exposure.Gateway, ["prometheusRule.enabled=true", .. set]).Single(o => o.Kind == "PrometheusRule");
        return new JsonObject { ["groups"] = rule.Json["spec"]!["groups"]!.DeepClone() }.ToJsonString();
    }

    /// <summary>promtool on a temporary folder with the rendered rules beside the unit tests.</summary>
    private static ToolResult PromtoolOnRules(string rules, params string[] args) =>
        Tool.WithFiles(RuleTests.ToDictionary(t => Path.GetFileName(t), t => File.ReadAllText(Path.Combine(Tool.RepoRoot, t)))
                .Append(KeyValuePair.Create("functions-monitor.rules.yaml", rules)).ToDictionary(),
            directory => Tool.Run(Promtool, args, workingDirectory: directory, timeout: TimeSpan.FromMinutes(3)));

    private static ToolResult TestRules(string rules, params string[] files) =>
        PromtoolOnRules(rules, ["test", "rules", .. (files.Length > 0 ? files : RuleTests).Select(Path.GetFileName)!]);

    [Fact]
    public async Task Every_dashboard_query_and_recording_rule_returns_data_from_a_real_Prometheus_after_real_traffic()
    {
        await using var upstream = await Upstream.StartAsync();
        Dictionary<string, string> Pod(string pod) => new() { ["namespace"] = HelmChart.Namespace, ["pod"] = pod };
        await using var scraped = await Scraped.StartAsync("operator", new Dictionary<string, string?>
        {
            ["MetricsService__BaseUrl"] = upstream.Url("switch"),
            ["MetricsService__Retries"] = "0",
            ["Chart__MaxConcurrentRenders"] = "1",
            ["Chart__MaxQueuedRenders"] = "1",
        }, [Pod($"{HelmChart.Release}-chart-7d9f8b6c5d-x2x9q"), Pod($"{HelmChart.Release}-metrics-5c8d7f9b4-k7m2p")]);
        var http = scraped.Host.Http;

        // 200s (a chart drawn, then from the cache), 404s, 502s (the metrics service failing), 503s (a burst of new
        // charts past one render slot and one waiting).
        foreach (var path in new[] { "api/metrics", "api/metrics/test-app/history", "api/chart?app=test-app", "api/chart?app=test-app", "api/dashboard" })
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/metrics/nope")).StatusCode);
        upstream.Switch = "fail";
        Assert.Equal(HttpStatusCode.BadGateway, (await http.GetAsync("api/chart?app=test-app&width=333")).StatusCode);
        upstream.Switch = "seed";
        var burst = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => http.GetAsync($"api/chart?app=functions-monitor&width={2047 - i}&height=1023")));
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(1, await scraped.Prometheus.WaitForAsync("min(functionsmonitor_chart_refused_total) > bool 0", 1));

        var empty = new List<string>();
        var queries = PanelQueries().Where(q => !FromKubeStateMetrics(q.Expr)).Select(q => (Name: $"panel '{q.Panel}'", q.Expr))
            .Concat(Yaml.ToJson(RulesFile())["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())
                .Where(r => r!["record"] is not null).Select(r => (Name: $"rule {r!["record"]} ({r["labels"]!["service"]})", Expr: r["expr"]!.GetValue<string>())))
            .ToList();
        // 14 panel queries of the app's series, 28 recording rules (2 objectives x 7 windows x 2 sides).
        Assert.Equal(14 + 28, queries.Count);
        foreach (var (name, expr) in queries)
            if (await scraped.Prometheus.WaitForSeriesAsync(Substitute(expr), TimeSpan.FromSeconds(10)) == 0)
                empty.Add($"{name}: {Substitute(expr)}");

        Assert.True(empty.Count == 0, "no data:\n" + string.Join('\n', empty));
    }

    [Fact]
    public void The_kube_state_metrics_panels_parse_as_PromQL_and_a_broken_query_would_not()
    {
        string RulesOf(IEnumerable<string> exprs) => new JsonObject
        {
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "dashboard",
                ["rules"] = new JsonArray(exprs.Select((e, i) => (JsonNode)new JsonObject { ["record"] = $"dashboard:query{i}", ["expr"] = Substitute(e) }).ToArray()),
            }),
        }.ToJsonString();
        var kube = PanelQueries().Where(q => FromKubeStateMetrics(q.Expr)).Select(q => q.Expr).ToList();

        Assert.Equal(3, kube.Count);
        var result = PromtoolOnRules(RulesOf(kube), "check", "rules", "functions-monitor.rules.yaml");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS: 3 rules found", result.Output);
        Assert.NotEqual(0, PromtoolOnRules(RulesOf([kube[0].Replace(")", "", StringComparison.Ordinal)]), "check", "rules", "functions-monitor.rules.yaml").ExitCode);
    }

    [Fact]
    public void The_dashboard_has_its_variables_and_every_panel_is_documented_with_its_queries()
    {
        var dashboard = Dashboard;
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).ToList();
        var docs = Markdown.Read("docs/observability.md");

        Assert.Equal(["datasource", "namespace", "pod"], variables);
        var panels = dashboard["panels"]!.AsArray().Select(p => p!).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        Assert.All(panels, p =>
        {
            Assert.Equal("${datasource}", p["datasource"]!["uid"]!.GetValue<string>());
            Assert.Contains($"| {p["title"]!.GetValue<string>()} |", docs);
        });
        Assert.All(PanelQueries(), q =>
        {
            Assert.Contains("namespace=\"$namespace\"", q.Expr);
            Assert.Contains($"`{q.Expr.Replace("|", "\\|", StringComparison.Ordinal)}`", docs);
        });
    }

    [Fact]
    public void The_chart_ships_the_dashboard_and_the_rules_only_when_asked_and_both_validate()
    {
        Assert.DoesNotContain(HelmChart.Render(Scaling.Addon), o => o.Kind == "PrometheusRule" || o.Name.EndsWith("-dashboard", StringComparison.Ordinal));
        var on = HelmChart.Render(Scaling.Addon, Exposure.Gateway, "prometheusRule.enabled=true", "grafana.dashboard.enabled=true",
            "prometheusRule.labels.release=kube-prometheus-stack", "grafana.dashboard.annotations.grafana_folder=FunctionsMonitor");

        var dashboard = on.Single(o => o.Kind == "ConfigMap" && o.Name == $"{HelmChart.Release}-dashboard").Json;
        Assert.Equal("1", dashboard["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
        Assert.Equal("FunctionsMonitor", dashboard["metadata"]!["annotations"]!["grafana_folder"]!.GetValue<string>());
        Assert.Equal(File.ReadAllText(Path.Combine(Tool.RepoRoot, DashboardFile)).TrimEnd(), dashboard["data"]!["functions-monitor.json"]!.GetValue<string>());
        var rule = on.Single(o => o.Kind == "PrometheusRule").Json;
        Assert.Equal("kube-prometheus-stack", rule["metadata"]!["labels"]!["release"]!.GetValue<string>());
        var result = ManifestSchemas.Validate(new Dictionary<string, string> { ["operator"] = string.Join("\n---\n", on.Select(o => o.Yaml)) });
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ok   PrometheusRule/functions-monitor", result.Stdout);
    }

    [Fact]
    public void The_rules_pass_promtool_and_every_alert_fires_on_a_broken_series_and_stays_quiet_on_a_kept_one()
    {
        var rules = RulesFile();

        var check = PromtoolOnRules(rules, "check", "rules", "functions-monitor.rules.yaml");
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS: 38 rules found", check.Output);
        var test = TestRules(rules);
        Assert.True(test.ExitCode == 0, test.Output);

        // Each alert has a case where it fires and one where it stays quiet.
        var alerts = Yaml.ToJson(rules)["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())
            .Select(r => r!["alert"]?.GetValue<string>()).OfType<string>().Distinct().ToList();
        var cases = RuleTests.SelectMany(f => Yaml.ToJson(File.ReadAllText(Path.Combine(Tool.RepoRoot, f)))["tests"]!.AsArray())
            .SelectMany(t => t!["alert_rule_test"]!.AsArray())
            .Select(c => (Alert: c!["alertname"]!.GetValue<string>(), Fires: c["exp_alerts"]!.AsArray().Count > 0)).ToList();
        Assert.Equal(6, alerts.Count);
        Assert.All(alerts, a =>
        {
            Assert.Contains((a, true), cases);
            Assert.Contains((a, false), cases);
        });
    }

    [Theory]
    [InlineData("json:prometheusRule.slo.availability=50", "chart availability, fast burn")]
    [InlineData("json:prometheusRule.slo.latencyThresholdSeconds=1", "metrics latency, fast burn")]
    [InlineData("json:prometheusRule.fetchFailureRatio=1", "metrics service unreachable")]
    [InlineData("prometheus.labels.pod=kubernetes_pod_name", "render queue full")]
    public void A_changed_objective_or_rule_fails_the_unit_tests_that_pin_it(string set, string failingCase)
    {
        // The first hours' cases, where these are (the three-day file takes twice as long).
        var result = TestRules(RulesFile(set), RuleTests[0]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"name: {failingCase}", result.Output);
    }

    [Fact]
    public void Promtool_is_the_one_Debian_ships_with_prometheus() =>
        Assert.Matches(@"promtool, version \d+\.\d+\.\d+", Tool.Run(Promtool, ["--version"]).Output);
}
