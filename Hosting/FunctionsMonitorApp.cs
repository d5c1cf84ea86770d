using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.HealthFunction;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Observability;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.Hosting;

public static class FunctionsMonitorApp
{
    /// <summary>The whole app: the settings gate first, one line a slice, then telemetry around them, and innermost
    /// the rules every route shares (methods, bodies), so that their refusals are counted like any answer.</summary>
    public static FunctionsApplicationBuilder AddFunctionsMonitor(this FunctionsApplicationBuilder builder)
    {
        builder.UseMiddleware<SettingsGate>();
        builder.AddMetricsFunction();
        builder.AddChartFunction();
        builder.Services.AddHealthFunction();
        builder.AddObservability();
        builder.UseMiddleware<RequestRules>();
        return builder;
    }
}
