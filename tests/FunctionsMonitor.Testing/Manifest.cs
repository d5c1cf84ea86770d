using System.Text.Json.Nodes;

namespace FunctionsMonitor.Testing;

/// <summary>One object of a rendered or built manifest: its YAML text and a JSON view (for checks).</summary>
public sealed record Manifest(string Yaml, JsonObject Json)
{
    public string ApiVersion => Json["apiVersion"]!.GetValue<string>();
    public string Kind => Json["kind"]!.GetValue<string>();
    public string Name => Json["metadata"]!["name"]!.GetValue<string>();
    public string? Namespace => Json["metadata"]!["namespace"]?.GetValue<string>();
    public string? Component => Json["metadata"]!["labels"]?["app.kubernetes.io/component"]?.GetValue<string>();
    public override string ToString() => $"{Kind}/{Name}";
}
