using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

public static class MetricsRegistration
{
    /// <summary>The metrics slice: catalogue options (checked at start) and the simulator.</summary>
    public static IServiceCollection AddMetricsFunction(this IServiceCollection services)
    {
        services.AddCheckedOptions<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LiveTraffic>();
        services.AddSingleton<MetricsSimulator>();
        services.AddSingleton<Readiness>();
        return services;
    }
}
