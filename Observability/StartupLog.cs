namespace FunctionsMonitor.Observability;

/// <summary>
/// The lines a user must see when the worker starts (where the scrape endpoint listens, a port it cannot have), written
/// to the worker's console: the Functions host prints what the worker writes there, under <c>func start</c> and in a
/// pod's log alike, while a worker log line written outside an invocation never reaches the host's output.
/// </summary>
internal static class StartupLog
{
    public static void Info(string message) => Console.Out.WriteLine("FunctionsMonitor: " + message);

    public static void Error(string message) => Console.Error.WriteLine("FunctionsMonitor error: " + message);
}
