using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

public static class MetricsRegistration
{
    /// <summary>The metrics slice: the catalogue (its settings checked at start), the simulator, and the live app with
    /// the middleware that feeds it.</summary>
    public static FunctionsApplicationBuilder AddMetricsFunction(this FunctionsApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Catalogue>();
        services.AddSingleton<LiveTraffic>();
        services.AddSingleton<MetricsSimulator>();
        builder.UseMiddleware<LiveTrafficMiddleware>();
        return builder;
    }
}
