using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>The servers the tests run themselves (the real upstreams, the OTLP receiver): Kestrel on a free loopback
/// port, logging nothing into the test output.</summary>
public static class Loopback
{
    public static WebApplication WebApplication()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
