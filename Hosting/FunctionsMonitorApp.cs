using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.HealthFunction;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker.Builder;

namespace FunctionsMonitor.Hosting;

public static class FunctionsMonitorApp
{
    /// <summary>The whole app: what every slice shares, then one line a slice, each registering itself on the same
    /// builder. (The dashboard and the OpenAPI document need nothing registered.)</summary>
    public static FunctionsApplicationBuilder AddFunctionsMonitor(this FunctionsApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddMetricsFunction();
        builder.AddChartFunction();
        builder.AddHealthFunction();
        return builder;
    }
}
