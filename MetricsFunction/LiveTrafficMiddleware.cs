using System.Diagnostics;
using FunctionsMonitor.Health;
using FunctionsMonitor.Hosting;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>Feeds the live app: every invocation of this pod but the probes' (<see cref="Probe"/>), its duration and
/// whether it answered 5xx.</summary>
public sealed class LiveTrafficMiddleware(LiveTraffic live, IEnumerable<Probe> probes) : IFunctionsWorkerMiddleware
{
    private readonly HashSet<string> _probes = probes.Select(p => p.Function).ToHashSet(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (_probes.Contains(context.FunctionDefinition.Name))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        live.Started();
        var status = 500; // what the host answers when an invocation throws
        try
        {
            await next(context);
            status = context.GetHttpResponseData() is { } response ? (int)response.StatusCode : 500;
        }
        finally
        {
            live.Completed(Stopwatch.GetElapsedTime(started), failed: status >= 500);
        }
    }
}
