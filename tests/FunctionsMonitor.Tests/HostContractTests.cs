using System.Text.Json;
using FunctionsMonitor.Http;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace FunctionsMonitor.Tests;

/// <summary>
/// What the Functions host will see. At run time the host asks the worker for its functions (worker indexing:
/// the source-generated metadata provider answers); <c>func kubernetes deploy</c> reads <c>functions.metadata</c>
/// from the build output instead. Both must list every function of the API (docs/api.md).
/// </summary>
public sealed class HostContractTests
{
    [Fact]
    public async Task The_worker_generated_metadata_lists_every_function_with_its_route_method_and_auth_level()
    {
        var providerType = typeof(Problem).Assembly.GetTypes()
            .Single(t => typeof(IFunctionMetadataProvider).IsAssignableFrom(t) && !t.IsAbstract);
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType, nonPublic: true)!;

        var functions = await provider.GetFunctionMetadataAsync(AppContext.BaseDirectory);

        var found = functions.ToDictionary(f => f.Name!, f => Trigger(f.RawBindings!.Select(b => JsonDocument.Parse(b).RootElement)));
        Assert.Equal(ApiContract.Functions.Keys.Order(), found.Keys.Order());
        foreach (var (name, expected) in ApiContract.Functions)
            Assert.Equal(expected, found[name]);
        Assert.All(functions, f => Assert.Equal("FunctionsMonitor.dll", Path.GetFileName(f.ScriptFile)));
    }

    [Fact]
    public void The_build_outputs_functions_metadata_lists_every_function_for_func_kubernetes_deploy()
    {
        var functions = FunctionMetadata.FromBuildOutput();

        Assert.Equal(ApiContract.Functions.Keys.Order(), functions.Select(f => f.Name).Order());
        foreach (var f in functions)
        {
            Assert.Equal(ApiContract.Functions[f.Name], (f.Route, Methods(f.Methods), f.AuthLevel));
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
