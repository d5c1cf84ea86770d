using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.Tests;

/// <summary>
/// The app as Program.cs wires it (the same AddMetrics/AddChart calls), in a generic host started for real
/// so that start-time validation and warm-up run, with settings given as the host would give them.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly IHost _host;

    private TestApp(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<TestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddMetricsFunction();
        builder.Services.AddChartFunction();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestApp(host);
    }

    public T Get<T>() where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(_host.Services);

    public TestRequest Request(string pathAndQuery, CancellationToken cancellation = default) =>
        new(new TestFunctionContext(_host.Services, cancellation), new Uri("http://localhost:7071" + pathAndQuery));

    public async Task<TestResponse> ChartAsync(string query = "", CancellationToken cancellation = default) =>
        (TestResponse)await Get<ChartFunction.ChartFunction>().Run(Request("/api/chart" + query, cancellation), cancellation);

    public async Task<TestResponse> MetricsAsync(string? app = null) =>
        (TestResponse)await Get<MetricsFunction.MetricsFunction>().Run(Request("/api/metrics" + (app is null ? "" : "/" + app)), app);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
