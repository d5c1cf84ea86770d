namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>One span as the dashboard's telemetry API gives it, with the service and scope that sent it.</summary>
public sealed record DashboardSpan(string Service, string Instance, string Scope, string Name, string SpanId, string ParentSpanId);
