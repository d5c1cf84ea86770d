using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FunctionsMonitor.HostTests.Containers;

/// <summary>
/// <c>func kubernetes deploy --dry-run --registry R</c> in the fresh copy, with the machine's docker CLI pointed at
/// podman's Docker API (<c>DOCKER_HOST</c>), as a user runs it to look before deploying: what it generates is what
/// docs/deploy.md's table says, row by row.
/// </summary>
[Collection(ImageCollection.Name)]
public sealed class FuncKubernetesDeployTests(ImageFixture image)
{
    [Fact]
    public async Task Its_dry_run_generates_what_docs_deploy_md_says_it_does()
    {
        var api = await image.DockerApiAsync();
        var environment = new Dictionary<string, string?>(ContainerEngine.Environment) { ["DOCKER_HOST"] = api.Address };
        var watch = Stopwatch.StartNew();
        var result = Tool.Run(FunctionsTools.Func, ["kubernetes", "deploy", "--name", "functions-monitor", "--registry", "registry.example.com/team", "--dry-run"],
            image.Context, TimeSpan.FromMinutes(4), environment);
        ImageFixture.Report($"func kubernetes deploy --dry-run: {watch.Elapsed.TotalSeconds:F1} s");
        var objects = Yaml.Parse(result.Ok());

        Assert.Equal(["Deployment", "Role", "RoleBinding", "Secret", "Secret", "Service", "ServiceAccount"], objects.Select(o => o.Kind).Order());
        var table = Table();
        var deployment = Assert.Single(objects.OfKind("Deployment"));
        var container = Objects.Container(deployment);
        var service = Assert.Single(objects.OfKind("Service")).Json["spec"]!;
        var role = Assert.Single(objects.OfKind("Role"));
        var keys = objects.Single(o => o.Kind == "Secret" && o.Name == "func-keys-kube-secret-functions-monitor").Json["data"]!.AsObject();

        // Each row's left cell, and what the generated YAML shows for it.
        Assert.Contains("one Deployment running every function, `replicas: 1`", table);
        Assert.Equal(1, deployment.Json["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(FunctionMetadata.FromBuildOutput().Select(f => f.Name).Order(), Objects.Functions(deployment).Order());

        Assert.Contains("no KEDA object for HTTP apps", table);
        Assert.DoesNotContain(objects, o => o.ApiVersion.StartsWith("keda.sh/", StringComparison.Ordinal));

        Assert.Contains("Service of type LoadBalancer 80→80, every route public, `/admin` included", table);
        Assert.Equal("LoadBalancer", service["type"]!.GetValue<string>());
        var port = Assert.Single(service["ports"]!.AsArray())!;
        Assert.Equal((80, 80), (port["port"]!.GetValue<long>(), port["targetPort"]!.GetValue<long>()));

        Assert.Contains("a keys Secret with freshly generated keys in the YAML, and a Role `functions-keys-manager-role`", table);
        Assert.Contains("host.master", keys.Select(k => k.Key));
        Assert.Equal("functions-keys-manager-role", role.Name);
        var rule = Assert.Single(role.Json["rules"]!.AsArray())!;
        Assert.Contains("secrets", rule["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(rule["resourceNames"]);
        Assert.Contains("delete", rule["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));

        Assert.Contains("probes on `GET /` port 80, `timeoutSeconds: 240` against `periodSeconds: 10`, no liveness", table);
        foreach (var probe in new[] { "readinessProbe", "startupProbe" })
        {
            Assert.Equal(("/", 80L), (container[probe]!["httpGet"]!["path"]!.GetValue<string>(), container[probe]!["httpGet"]!["port"]!.GetValue<long>()));
            Assert.Equal((240L, 10L), (container[probe]!["timeoutSeconds"]!.GetValue<long>(), container[probe]!["periodSeconds"]!.GetValue<long>()));
        }
        Assert.Null(container["livenessProbe"]);

        Assert.Contains("no resources, root, writable filesystem", table);
        Assert.Null(container["resources"]);
        Assert.Null(container["securityContext"]);
        Assert.Null(deployment.Json["spec"]!["template"]!["spec"]!["securityContext"]);

        Assert.Contains("`:latest` image", table);
        Assert.Equal("registry.example.com/team/functions-monitor:latest", container["image"]!.GetValue<string>());
    }

    /// <summary>The table of docs/deploy.md that compares what <c>func kubernetes deploy</c> generates with the chart.</summary>
    private static string Table()
    {
        var page = Markdown.Read("docs/deploy.md");
        var start = page.IndexOf("| `func kubernetes deploy` | the chart", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/deploy.md has no table comparing func kubernetes deploy with the chart");
        var end = page.IndexOf("\n\n", start, StringComparison.Ordinal);
        return page[start..end];
    }
}
