using FunctionsMonitor.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.HealthFunction;

public static class HealthRegistration
{
    /// <summary>The health slice: the readiness probe over every slice's readiness checks (the health checks themselves
    /// are the service defaults'); the probe's own invocations are not traffic.</summary>
    public static IHostApplicationBuilder AddHealthFunction(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new Probe(nameof(HealthFunction)));
        return builder;
    }
}
