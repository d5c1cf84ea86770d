using FunctionsMonitor;
using FunctionsMonitor.Charts;
using FunctionsMonitor.Health;
using FunctionsMonitor.Http;
using FunctionsMonitor.Metrics;
using FunctionsMonitor.Observability;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The plain HTTP model (HttpRequestData/HttpResponseData), without ConfigureFunctionsWebApplication(): 2.4x the
// throughput of the ASP.NET Core integration in the real host (docs/performance.md).
var builder = FunctionsApplication.CreateBuilder(args);
builder.AddFunctionsMonitor();
try
{
    builder.Build().Run();
    return 0;
}
catch (InvalidSettingsException e)
{
    // One message that names every bad setting, without a stack trace: the host prints what the worker writes.
    Console.Error.WriteLine(e.Message);
    return 1;
}

namespace FunctionsMonitor
{
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
}
