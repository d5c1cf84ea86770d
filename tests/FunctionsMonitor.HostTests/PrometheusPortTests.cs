using System.Net;
using System.Net.Sockets;

namespace FunctionsMonitor.HostTests;

public sealed class PrometheusPortTests
{
    [Fact]
    public async Task A_busy_scrape_port_is_one_clear_error_in_the_hosts_log_and_the_functions_keep_serving()
    {
        using var busy = new TcpListener(IPAddress.Any, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        await using var host = await AppHost.StartPublishedAsync("busy-port", Side.All, new Dictionary<string, string?>
        {
            ["Observability__PrometheusPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/metrics")).StatusCode);
        var errors = host.Log.Split('\n').Where(l => l.Contains("Prometheus scrape endpoint cannot listen", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains($"port {port}", error);
        Assert.Contains("Observability__PrometheusPort", error);
    }
}
