using FunctionsMonitor.Observability;
using FunctionsMonitor.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

public static class MetricsRegistration
{
    /// <summary>The metrics slice: the catalogue (its settings checked at start), the simulator, and the live app,
    /// fed by the invocation middleware.</summary>
    public static IHostApplicationBuilder AddMetricsFunction(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Catalogue>();
        services.AddSingleton<LiveTraffic>();
        services.AddSingleton<MetricsSimulator>();
        services.AddSingleton<IInvocationObserver, LiveTrafficObserver>();
        return builder;
    }
}
