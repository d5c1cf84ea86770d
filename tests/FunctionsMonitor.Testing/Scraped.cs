using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Testing;

/// <summary>A host that a real Prometheus scrapes every second, its metrics service down (so that charts of catalogued
/// apps answer 502). Each test has its own, so that every count it asserts is of the requests it made.</summary>
internal sealed class Scraped : IAsyncDisposable
{
    private Scraped(AppHost host, PrometheusServer prometheus) => (Host, Prometheus) = (host, prometheus);

    public AppHost Host { get; }

    public PrometheusServer Prometheus { get; }

    public static Task<Scraped> StartAsync(string name, params IReadOnlyDictionary<string, string>[] targets) =>
        StartAsync(name, new Dictionary<string, string?>
        {
            ["MetricsService__BaseUrl"] = Upstream.NotListening(),
            ["MetricsService__Retries"] = "0",
        }, targets);

    public static async Task<Scraped> StartAsync(string name, IReadOnlyDictionary<string, string?> settings,
        IReadOnlyDictionary<string, string>[] targets)
    {
        var host = await AppHost.StartPublishedAsync(name, Side.All, settings);
        try
        {
            return new Scraped(host, await PrometheusServer.StartAsync(host.MetricsPort, targets));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Host.DisposeAsync();
    }
}
