using FunctionsMonitor;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Observability;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The plain HTTP model (HttpRequestData/HttpResponseData), without ConfigureFunctionsWebApplication():
// 2.4x the throughput of the ASP.NET Core integration in the real host (DESIGN.md §5).
var builder = FunctionsApplication.CreateBuilder(args);
builder.AddFunctionsMonitor(builder.Configuration);
builder.Build().Run();

namespace FunctionsMonitor
{
    public static class FunctionsMonitorApp
    {
        /// <summary>The whole app, one line a slice, then telemetry around them. The tests and benchmarks start the
        /// app through this same call.</summary>
        public static IFunctionsWorkerApplicationBuilder AddFunctionsMonitor(this IFunctionsWorkerApplicationBuilder app, IConfiguration configuration)
        {
            app.Services.AddMetricsFunction();
            app.Services.AddChartFunction();
            app.AddObservability(configuration);
            return app;
        }
    }
}
