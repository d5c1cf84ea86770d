using System.Text.Json;
using FunctionsMonitor.Http;
using FunctionsMonitor.Tests.Hosting;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace FunctionsMonitor.Tests;

/// <summary>
/// What the Functions host will see. At run time the host asks the worker for its functions (worker indexing:
/// the source-generated metadata provider answers); <c>func kubernetes deploy</c> reads <c>functions.metadata</c>
/// from the build output instead. Both must list every function of the API (docs/api.md).
/// </summary>
public sealed class HostContractTests
{
    /// <summary>The API: function name → (route, methods, auth level). "all": the trigger names no method, so the host
    /// maps the route for every one ("[all]" in its log) and the worker answers all but GET and HEAD with a 405
    /// (RequestEdgeTests), instead of the host's empty 404.</summary>
    public static readonly IReadOnlyDictionary<string, (string Route, string Method, string Auth)> Contract =
        new Dictionary<string, (string, string, string)>
        {
            ["MetricsFunction"] = ("metrics/{app?}", "all", "Anonymous"),
            ["MetricsHistoryFunction"] = ("metrics/{app}/history", "all", "Anonymous"),
            ["ChartFunction"] = ("chart", "all", "Anonymous"),
            ["DashboardFunction"] = ("dashboard", "all", "Anonymous"),
            ["OpenApiFunction"] = ("openapi.json", "all", "Anonymous"),
            ["HealthFunction"] = ("healthz", "all", "Anonymous"),
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
            Assert.Equal(Contract[f.Name], (f.Route, Methods(f.Methods), f.AuthLevel));
            Assert.NotNull(typeof(Problem).Assembly.GetType(f.ClassName)?.GetMethod(f.MethodName));
        }
    }

    private static (string, string, string) Trigger(IEnumerable<JsonElement> bindings)
    {
        var trigger = bindings.Single(b => b.GetProperty("type").GetString() == "httpTrigger");
        return (trigger.GetProperty("route").GetString()!, Methods(FunctionMetadata.MethodsOf(trigger)), trigger.GetProperty("authLevel").GetString()!);
    }

    private static string Methods(string[] methods) => methods.Length == 0 ? "all" : string.Join(',', methods);
}

/// <summary>One function as the build's <c>functions.metadata</c> describes it (what <c>func kubernetes deploy</c> reads).</summary>
internal sealed record FunctionMetadata(string Name, string EntryPoint, string Route, string[] Methods, string AuthLevel)
{
    public string ClassName => EntryPoint[..EntryPoint.LastIndexOf('.')];

    public string MethodName => EntryPoint[(EntryPoint.LastIndexOf('.') + 1)..];

    public static string BuildOutputPath => Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    public static IReadOnlyList<FunctionMetadata> FromBuildOutput() => Parse(File.ReadAllText(BuildOutputPath));

    /// <summary>A trigger's methods; none when it names none (every method).</summary>
    public static string[] MethodsOf(JsonElement trigger) =>
        trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
            ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray()
            : [];

    public static IReadOnlyList<FunctionMetadata> Parse(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            return new FunctionMetadata(
                f.GetProperty("name").GetString()!,
                f.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("route").GetString()!,
                MethodsOf(trigger),
                trigger.GetProperty("authLevel").GetString()!);
        }).ToList();
}

/// <summary>
/// <c>dotnet publish</c> as the Dockerfile runs it (<see cref="PublishedApp"/>: once a test run, the folder every
/// published-output host serves). The host needs <c>worker.config.json</c> and the hidden <c>.azurefunctions/</c>
/// folder: without the latter it starts, finds no functions and answers 404 on every route.
/// </summary>
public sealed class PublishTests
{
    private static async Task<string> Output()
    {
        var published = await PublishedApp.ResultAsync();
        Assert.True(published.Result.ExitCode == 0, published.Result.Output);
        return published.Folder;
    }

    [Fact]
    public async Task Publish_output_keeps_what_the_host_needs_to_find_and_run_the_functions()
    {
        var output = await Output();
        foreach (var file in new[] { "FunctionsMonitor.dll", "host.json", "worker.config.json", "functions.metadata" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing from the publish output");
        var hidden = Path.Combine(output, ".azurefunctions");
        Assert.True(Directory.Exists(hidden) && Directory.EnumerateFiles(hidden, "*.dll").Any(),
            ".azurefunctions/ is missing or empty: the host would find no functions");

        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "worker.config.json"))).RootElement;
        Assert.Equal("FunctionsMonitor.dll", worker.GetProperty("description").GetProperty("defaultWorkerPath").GetString());
        Assert.Equal(HostContractTests.Contract.Keys.Order(),
            FunctionMetadata.Parse(File.ReadAllText(Path.Combine(output, "functions.metadata"))).Select(f => f.Name).Order());
    }

    [Fact]
    public async Task Publish_output_is_for_linux_x64_only_and_leaves_local_settings_out()
    {
        var output = await Output();
        Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must not ship");
        var runtimes = Path.Combine(output, "runtimes");
        Assert.False(Directory.Exists(runtimes) && Directory.EnumerateDirectories(runtimes).Any(d => !d.EndsWith("linux-x64")),
            "native assets for other platforms were published");
        Assert.True(File.Exists(Path.Combine(output, "libSkiaSharp.so")), "SkiaSharp's linux-x64 native library is missing");
        var megabytes = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1e6;
        Assert.InRange(megabytes, 5, 40);
    }
}
