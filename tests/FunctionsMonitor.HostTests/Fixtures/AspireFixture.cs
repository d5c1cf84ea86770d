using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// FunctionsMonitor.AppHost started in this process by Aspire.Hosting.Testing, with its dashboard, over a fresh copy of
/// the repository (its metrics side's <c>func start</c> builds there, never in the folder this test run built). Core
/// Tools is put first on PATH, where the AppHost finds <c>func</c> as a user's shell does. The dashboard runs on
/// loopback without a login, as the launch profile has it, on ports the testing builder chooses.
/// </summary>
public sealed class AspireFixture : IAsyncLifetime
{
    public const string Metrics = "functions-monitor-metrics", Chart = "functions-monitor-chart";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private FreshCopyFixture? _copy;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The dashboard's address: its pages and its telemetry API (<c>api/telemetry/…</c>).</summary>
    public Uri Dashboard { get; private set; } = null!;

    public HttpClient DashboardHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        _copy = new FreshCopyFixture();
        var tools = Path.GetDirectoryName(FunctionsTools.Func)!;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(':').Contains(tools))
            Environment.SetEnvironmentVariable("PATH", tools + ":" + path);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FunctionsMonitor_AppHost>(
        [
            $"--AppFolder={_copy.Clone}",
            $"--ASPNETCORE_URLS=http://127.0.0.1:{Tool.FreeLoopbackPort()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{Tool.FreeLoopbackPort()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{Tool.FreeLoopbackPort()}",
            "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
        ], (options, _) => options.DisableDashboard = false);
        App = await builder.BuildAsync();
        using var cancel = new CancellationTokenSource(Patience);
        await App.StartAsync(cancel.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(Metrics, cancel.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(Chart, cancel.Token);
        // The testing builder gives the dashboard a port of its own choosing: the dashboard's resource has it.
        Dashboard = App.GetEndpoint("aspire-dashboard", "http");
    }

    public Uri Endpoint(string resource, string endpoint = "http") => App.GetEndpoint(resource, endpoint);

    /// <summary>The dashboard's telemetry API, as JSON.</summary>
    public async Task<JsonElement> TelemetryAsync(string path) =>
        JsonDocument.Parse(await DashboardHttp.GetStringAsync(new Uri(Dashboard, "api/telemetry/" + path))).RootElement;

    public async Task DisposeAsync()
    {
        DashboardHttp.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        _copy?.Dispose();
    }
}
