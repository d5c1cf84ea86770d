using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Testing;

/// <summary>The simulator of the default catalogue, built without a host, on a clock of the caller's.</summary>
internal static class SimulatedCatalogue
{
    /// <summary>The simulator on <paramref name="time"/>, and the catalogue's first app (<c>test-app</c>).</summary>
    public static (MetricsSimulator Simulator, AppEntry App) On(TimeProvider time)
    {
        var catalogue = new Catalogue(Options.Create(new MetricsOptions()));
        return (new MetricsSimulator(catalogue, time, new LiveTraffic(catalogue, time)), catalogue.Simulated[0]);
    }
}
