using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Testing;

namespace FunctionsMonitor.Benchmarks;

/// <summary>The app's services as the tests build them (<see cref="AppServices"/>), and samples of a fixed instant.</summary>
internal sealed class App : IDisposable
{
    /// <summary>The instant the size table and the render benchmarks draw: every run draws the same values.</summary>
    public static readonly DateTimeOffset Reference = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly AppServices _services;

    public App(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _services = new AppServices(settings);
        Clock = new ManualTime(Reference);
        (Simulator, TestApp) = SimulatedCatalogue.On(Clock);
    }

    public ManualTime Clock { get; }

    /// <summary>The simulated catalogue on <see cref="Clock"/>.</summary>
    public MetricsSimulator Simulator { get; }

    /// <summary>The default catalogue's app, <c>test-app</c>.</summary>
    public AppEntry TestApp { get; }

    public T Get<T>() where T : notnull => _services.Get<T>();

    public void Dispose() => _services.Dispose();
}
