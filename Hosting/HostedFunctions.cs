using Microsoft.Extensions.Configuration;

namespace FunctionsMonitor.Hosting;

/// <summary>
/// The functions this host runs: the filter a Deployment sets (<c>AzureFunctionsJobHost__functions__0</c>, …), which the
/// worker sees in the same environment as its host; every function without one (<c>func start</c>). A slice does the
/// start-up work of its functions only where they run: a metrics pod never loads a font or draws a chart.
/// </summary>
public sealed class HostedFunctions(IConfiguration configuration)
{
    private readonly string[] _filter = configuration.GetSection("AzureFunctionsJobHost:functions").Get<string[]>() ?? [];

    public bool Runs(string function) => _filter.Length == 0 || _filter.Contains(function, StringComparer.OrdinalIgnoreCase);
}
