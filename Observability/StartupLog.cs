using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Observability;

/// <summary>
/// The lines a user must see when the worker starts (where the scrape endpoint listens, a port it cannot have), written
/// to the worker's console: the Functions host prints what the worker writes there, under <c>func start</c> and in a
/// pod's log alike, while a worker log line written outside an invocation never reaches the host's output. Once the
/// worker runs, the same lines go to its loggers too, so that an OTLP backend has them from the worker itself: a worker
/// that only serves samples logs nothing else, and would otherwise send no logs at all.
/// </summary>
internal sealed class StartupLog
{
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    public void Info(string message)
    {
        Console.Out.WriteLine("FunctionsMonitor: " + message);
        _lines.Add((LogLevel.Information, message));
    }

    public void Error(string message)
    {
        Console.Error.WriteLine("FunctionsMonitor error: " + message);
        _lines.Add((LogLevel.Error, message));
    }

    /// <summary>Writes the lines to the worker's loggers when the worker starts.</summary>
    public Forwarding Forwarder(ILogger<StartupLog> log) => new(this, log);

    internal sealed class Forwarding(StartupLog lines, ILogger<StartupLog> log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var (level, message) in lines._lines)
                log.Log(level, message);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
