using FunctionsMonitor.Http;
using FunctionsMonitor.Observability;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.Hosting;

public static class ServiceDefaults
{
    /// <summary>
    /// What every slice shares, registered once: telemetry (<see cref="ObservabilityRegistration"/>), the health checks
    /// the slices add theirs to, and the invocation pipeline, outermost first: the settings gate, the caller's trace
    /// context, the one middleware that measures every invocation, and innermost the rules every route shares (methods,
    /// bodies), so that their refusals are counted like any answer. Settings come through
    /// <see cref="SettingsRegistration.AddSettings{T}"/>, HTTP answers through <c>FunctionsMonitor.Http</c>.
    /// </summary>
    public static FunctionsApplicationBuilder AddServiceDefaults(this FunctionsApplicationBuilder builder)
    {
        builder.AddObservability();
        builder.Services.AddHealthChecks();
        builder.UseMiddleware<SettingsGate>();
        builder.UseMiddleware<RequestTraceContext>();
        builder.UseMiddleware<InvocationMiddleware>();
        builder.UseMiddleware<RequestRules>();
        return builder;
    }
}
