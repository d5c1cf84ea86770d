using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Observability;

/// <summary>
/// The worker middleware around every invocation: it times the invocation once, reads the status it answered once,
/// and tells every <see cref="IInvocationObserver"/> (the invocation instruments, the live app). The invocation's span is
/// the worker's own, continued from the host's trace context; functions never time themselves.
/// </summary>
public sealed class InvocationMiddleware(IEnumerable<IInvocationObserver> observers, ILogger<InvocationMiddleware> log)
    : IFunctionsWorkerMiddleware
{
    /// <summary>The log scope key by which the worker's log writer tells the host which invocation a log line is of.</summary>
    private const string InvocationIdScopeKey = "AzureFunctions_InvocationId";

    private readonly IInvocationObserver[] _observers = [.. observers];

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // With the Worker SDK's OpenTelemetry integration on, the worker's own invocation scope carries the id only as
        // faas.invocation_id, and the host drops a worker log line without the key above: no log line of the app's
        // reached the host's output (checked with func start and the standalone host). This scope puts the key back.
        using var scope = log.BeginScope(new KeyValuePair<string, object>[] { new(InvocationIdScopeKey, context.InvocationId) });
        var function = context.FunctionDefinition.Name;
        var started = Stopwatch.GetTimestamp();
        foreach (var observer in _observers)
            observer.Started(function);
        var status = 500; // what the host answers when an invocation throws
        try
        {
            await next(context);
            status = context.GetHttpResponseData() is { } response ? (int)response.StatusCode : 500;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            foreach (var observer in _observers)
                observer.Completed(function, status, elapsed);
        }
    }
}
