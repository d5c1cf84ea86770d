using FunctionsMonitor.Hosting;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Benchmarks;

/// <summary>The app's services as Program.cs registers them, built but not started, and samples of a fixed instant.</summary>
internal sealed class App : IDisposable
{
    /// <summary>The instant the size table and the render benchmarks draw: every run draws the same values.</summary>
    public static readonly DateTimeOffset Reference = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly IHost _host;

    public App(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Observability:PrometheusPort"] = "0" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddFunctionsMonitor();
        _host = builder.Build();
        Clock = new FixedTime(Reference);
        var catalogue = new Catalogue(Options.Create(new MetricsOptions()));
        Simulator = new MetricsSimulator(catalogue, Clock, new LiveTraffic(catalogue, Clock));
        TestApp = catalogue.Simulated[0];
    }

    public FixedTime Clock { get; }

    /// <summary>The simulated catalogue on <see cref="Clock"/>.</summary>
    public MetricsSimulator Simulator { get; }

    /// <summary>The default catalogue's app, <c>test-app</c>.</summary>
    public AppEntry TestApp { get; }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public void Dispose() => _host.Dispose();
}

/// <summary>A clock moved by hand.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
