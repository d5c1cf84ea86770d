using FunctionsMonitor.Health;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.ChartFunction;

/// <summary>Draws every kind and format of chart at start, so that the first user request does not pay SkiaSharp's and
/// ScottPlot's first-use costs; as a readiness check (<see cref="HealthTags.Ready"/>), healthy once it has.</summary>
public sealed class ChartWarmup(IServiceProvider services) : IHostedService, IHealthCheck
{
    private volatile string? _ready;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready is { } ready ? HealthCheckResult.Healthy(ready)
            : HealthCheckResult.Unhealthy("The worker is drawing its first charts; it is ready in a moment."));

    // Resolved when started, after the settings check has started (and failed the start if a setting is wrong): with a
    // bad setting, constructing the renderer would throw the options' failure instead of the report of them all.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var catalogue = services.GetRequiredService<Catalogue>();
        var samples = services.GetRequiredService<MetricsSimulator>().History(catalogue.Simulated[0], 10);
        services.GetRequiredService<ChartRenderer>().WarmUp(samples);
        var font = services.GetRequiredService<ChartFont>();
        _ready = $"font {font.Family} ({font.GlyphCount} glyphs); every kind of chart drawn";
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
