using FunctionsMonitor.Hosting;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.Testing;

/// <summary>
/// The app's services as <c>Program.cs</c> registers them (<c>FunctionsApplication.CreateBuilder</c>, then
/// <c>AddFunctionsMonitor()</c>), built but never started: for what is tested without a host and without HTTP (the
/// renderer and encoders, the settings check, the registrations).
/// </summary>
internal sealed class AppServices : IDisposable
{
    private readonly IHost _host;

    public AppServices(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? inspect = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // Never built into a running host: no scrape endpoint to probe a port for.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Observability:PrometheusPort"] = "0" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddFunctionsMonitor();
        inspect?.Invoke(builder.Services);
        _host = builder.Build();
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>What the start-time check finds wrong with these settings, by key.</summary>
    public IReadOnlyList<string> SettingsProblems() => Get<StartupSettingsCheck>().Problems();

    public void Dispose() => _host.Dispose();
}
