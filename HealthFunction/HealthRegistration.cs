using FunctionsMonitor.Health;
using FunctionsMonitor.Hosting;
using FunctionsMonitor.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMonitor.HealthFunction;

public static class HealthRegistration
{
    /// <summary>The health slice: the readiness of every slice together; the probe's own invocations are not traffic.</summary>
    public static IServiceCollection AddHealthFunction(this IServiceCollection services)
    {
        services.AddSingleton<Readiness>();
        services.AddSingleton(new Probe(nameof(HealthFunction)));
        return services;
    }
}
