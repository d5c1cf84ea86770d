using FunctionsMonitor.Hosting;
using FunctionsMonitor.Settings;
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
