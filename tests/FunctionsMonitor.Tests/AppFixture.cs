using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunctionsMonitor.Tests;

/// <summary>
/// The app as Program.cs wires it (the same AddFunctionsMonitor call), in a generic host started for real so that
/// start-time validation and warm-up run, with settings given as the host would give them. The worker middleware the
/// app registers is kept as the worker keeps it, so that the HTTP adapter runs every invocation through it.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IReadOnlyList<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware;

    private TestApp(IHost host, IReadOnlyList<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> middleware) =>
        (_host, _middleware) = (host, middleware);

    public IServiceProvider Services => _host.Services;

    /// <summary>The Prometheus endpoint is off unless a test sets <c>Observability:PrometheusPort</c> (a free port).</summary>
    /// <param name="observability">false: the slices alone, with no telemetry at all (the benchmarks' baseline).</param>
    public static async Task<TestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null,
        bool observability = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Observability:PrometheusPort"] = "0" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        var worker = new WorkerBuilder(builder.Services);
        if (observability)
            worker.AddFunctionsMonitor(builder.Configuration);
        else
        {
            builder.Services.AddMetricsFunction();
            builder.Services.AddChartFunction();
        }
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestApp(host, worker.Middleware);
    }

    public T Get<T>() where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(_host.Services);

    /// <summary>The worker's pipeline as the app registered it, around <paramref name="function"/>.</summary>
    public FunctionExecutionDelegate Pipeline(FunctionExecutionDelegate function) =>
        _middleware.Reverse().Aggregate(function, (next, middleware) => middleware(next));

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

    /// <summary>What the worker's builder offers the app: its services, and a place to register middleware.</summary>
    private sealed class WorkerBuilder(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
    {
        public List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> Middleware { get; } = [];

        public IServiceCollection Services { get; } = services;

        public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
        {
            Middleware.Add(middleware);
            return this;
        }
    }
}
