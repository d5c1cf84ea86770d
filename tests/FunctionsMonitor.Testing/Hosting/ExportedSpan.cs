using FunctionsMonitor.Testing.Otlp;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>One span as an app exported it, with the service that exported it.</summary>
public sealed record ExportedSpan(
    string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes, int StatusCode)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    public override string ToString() =>
        $"{Service} {Scope} '{Name}' {Kind} {SpanId} ← {(ParentSpanId.Length == 0 ? "(root)" : ParentSpanId)} " +
        string.Join(' ', Attributes.Select(a => $"{a.Key}={a.Value}"));
}
