using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsMonitor.Health;

/// <summary>
/// The tags that split the health checks as Kubernetes' probes split them. <see cref="Ready"/>: what a slice needs
/// before its pod takes traffic (<c>GET /api/healthz</c>, the readiness probe, runs these). Liveness is the Functions
/// host's own <c>/admin/host/ping</c>: the host restarts a worker that stops answering, and a pod is restarted only
/// when the host itself does not answer, so no check of the worker's is a liveness check.
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";

    /// <summary>The readiness checks of this host, run together.</summary>
    public static Task<HealthReport> CheckReadinessAsync(this HealthCheckService health, CancellationToken cancellation = default) =>
        health.CheckHealthAsync(check => check.Tags.Contains(Ready), cancellation);
}
