using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;

namespace FunctionsMonitor.Testing;

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
