namespace FunctionsMonitor.Health;

/// <summary>A function that answers probes (Kubernetes', an uptime check), not users: the slice that owns it registers
/// one of these, and what counts traffic (the live app) leaves its invocations out.</summary>
public sealed record Probe(string Function);
