using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace FunctionsMonitor.Tests;

/// <summary>
/// What the Functions host will see. At run time the host asks the worker for its functions (worker indexing:
/// the source-generated metadata provider answers); <c>func kubernetes deploy</c> reads <c>functions.metadata</c>
/// from the build output instead. Both must list every function of DESIGN.md §4 built so far.
/// </summary>
public sealed class HostContractTests
{
    /// <summary>DESIGN.md §4: name → (route, methods, auth level).</summary>
    public static readonly IReadOnlyDictionary<string, (string Route, string Method, string Auth)> Contract =
        new Dictionary<string, (string, string, string)>
        {
            ["MetricsFunction"] = ("metrics/{app?}", "get", "Anonymous"),
            ["MetricsHistoryFunction"] = ("metrics/{app}/history", "get", "Anonymous"),
            ["ChartFunction"] = ("chart", "get", "Anonymous"),
            ["DashboardFunction"] = ("dashboard", "get", "Anonymous"),
            ["OpenApiFunction"] = ("openapi.json", "get", "Anonymous"),
            ["HealthFunction"] = ("healthz", "get", "Anonymous"),
        };

    [Fact]
    public async Task The_worker_generated_metadata_lists_every_function_with_its_route_method_and_auth_level()
    {
        var providerType = typeof(Problem).Assembly.GetTypes()
            .Single(t => typeof(IFunctionMetadataProvider).IsAssignableFrom(t) && !t.IsAbstract);
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType, nonPublic: true)!;

        var functions = await provider.GetFunctionMetadataAsync(AppContext.BaseDirectory);

        var found = functions.ToDictionary(f => f.Name!, f => Trigger(f.RawBindings!.Select(b => JsonDocument.Parse(b).RootElement)));
        Assert.Equal(Contract.Keys.Order(), found.Keys.Order());
        foreach (var (name, expected) in Contract)
            Assert.Equal(expected, found[name]);
        Assert.All(functions, f => Assert.Equal("FunctionsMonitor.dll", Path.GetFileName(f.ScriptFile)));
    }

    [Fact]
    public void The_build_outputs_functions_metadata_lists_every_function_for_func_kubernetes_deploy()
    {
        var functions = FunctionMetadata.FromBuildOutput();

        Assert.Equal(Contract.Keys.Order(), functions.Select(f => f.Name).Order());
        foreach (var f in functions)
        {
            Assert.Equal(Contract[f.Name], (f.Route, Assert.Single(f.Methods), f.AuthLevel));
            Assert.NotNull(typeof(Problem).Assembly.GetType(f.ClassName)?.GetMethod(f.MethodName));
        }
    }

    private static (string, string, string) Trigger(IEnumerable<JsonElement> bindings)
    {
        var trigger = bindings.Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        return (trigger.GetProperty("route").GetString()!,
            Assert.Single(trigger.GetProperty("methods").EnumerateArray()).GetString()!,
            trigger.GetProperty("authLevel").GetString()!);
    }
}

/// <summary>
/// <c>dotnet publish</c> as the Dockerfile runs it (linux-x64, framework-dependent), once for the class.
/// The host needs <c>worker.config.json</c> and the hidden <c>.azurefunctions/</c> folder: without the latter
/// it starts, finds no functions and answers 404 on every route (DESIGN.md §5).
/// </summary>
public sealed class PublishFixture : IDisposable
{
    public PublishFixture()
    {
        Output = Path.Combine(Path.GetTempPath(), "functionsmonitor-publish-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(Tool.RepoRoot, "FunctionsMonitor.csproj");
        var publish = Tool.Run("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", Output, "-nologo"],
            timeout: TimeSpan.FromMinutes(4));
        Log = publish.Output;
        ExitCode = publish.ExitCode;
    }

    public string Output { get; }

    public string Log { get; }

    public int ExitCode { get; }

    public void Dispose()
    {
        if (Directory.Exists(Output))
            Directory.Delete(Output, recursive: true);
    }
}

public sealed class PublishTests(PublishFixture publish) : IClassFixture<PublishFixture>
{
    [Fact]
    public void Publish_succeeds()
    {
        Assert.True(publish.ExitCode == 0, publish.Log);
    }

    [Fact]
    public void Publish_output_keeps_what_the_host_needs_to_find_and_run_the_functions()
    {
        Assert.True(publish.ExitCode == 0, publish.Log);
        foreach (var file in new[] { "FunctionsMonitor.dll", "host.json", "worker.config.json", "functions.metadata" })
            Assert.True(File.Exists(Path.Combine(publish.Output, file)), $"{file} is missing from the publish output");
        var hidden = Path.Combine(publish.Output, ".azurefunctions");
        Assert.True(Directory.Exists(hidden) && Directory.EnumerateFiles(hidden, "*.dll").Any(),
            ".azurefunctions/ is missing or empty: the host would find no functions");

        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(publish.Output, "worker.config.json"))).RootElement;
        Assert.Equal("FunctionsMonitor.dll", worker.GetProperty("description").GetProperty("defaultWorkerPath").GetString());
        Assert.Equal(HostContractTests.Contract.Keys.Order(),
            FunctionMetadata.Parse(File.ReadAllText(Path.Combine(publish.Output, "functions.metadata"))).Select(f => f.Name).Order());
    }

    [Fact]
    public void Publish_output_is_for_linux_x64_only_and_leaves_local_settings_out()
    {
        Assert.True(publish.ExitCode == 0, publish.Log);
        Assert.False(File.Exists(Path.Combine(publish.Output, "local.settings.json")), "local.settings.json must not ship");
        var runtimes = Path.Combine(publish.Output, "runtimes");
        Assert.False(Directory.Exists(runtimes) && Directory.EnumerateDirectories(runtimes).Any(d => !d.EndsWith("linux-x64")),
            "native assets for other platforms were published");
        Assert.True(File.Exists(Path.Combine(publish.Output, "libSkiaSharp.so")), "SkiaSharp's linux-x64 native library is missing");
        var megabytes = new DirectoryInfo(publish.Output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1e6;
        Assert.InRange(megabytes, 5, 40);
    }
}
