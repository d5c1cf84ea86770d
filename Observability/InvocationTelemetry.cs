using System.Diagnostics;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FunctionsMonitor.Observability;

/// <summary>
/// The worker middleware around every invocation: invocations by function and status code, their duration, those in
/// flight, and the live app's samples (this pod's traffic; health probes are not traffic). The invocation's span is
/// the worker's own, continued from the host's trace context; functions never time themselves.
/// </summary>
public sealed class InvocationTelemetry(MonitorMetrics metrics, LiveTraffic live) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var function = context.FunctionDefinition.Name;
        var traffic = function != nameof(HealthFunction.HealthFunction);
        var started = Stopwatch.GetTimestamp();
        metrics.InvocationStarted(function);
        if (traffic)
            live.Started();
        var status = 500; // what the host answers when an invocation throws
        try
        {
            await next(context);
            status = context.GetHttpResponseData() is { } response ? (int)response.StatusCode : 500;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.InvocationCompleted(function, status, elapsed);
            if (traffic)
                live.Completed(elapsed, failed: status >= 500);
        }
    }
}
