using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FunctionsMonitor.Observability;

/// <summary>
/// Continues the caller's W3C trace context when nothing else in the worker does, so that the chart's call to the
/// metrics service carries the caller's trace id (HttpClient propagates the current span's context):
/// <list type="bullet">
/// <item>The host's tracing mode off (the default): the host hands the worker an empty trace context and the worker's
/// invocation span starts a trace of its own. The request's own <c>traceparent</c> and <c>tracestate</c> headers are
/// the caller's context.</item>
/// <item>The mode on with nothing exported: the host's context is the caller's, but the worker parses it as a local
/// parent, which the SDK's always-off sampler drops, so no invocation span carries it on.</item>
/// </list>
/// Then a span of the app's own, parented on that context, wraps the function: carried only, never recorded, unless an
/// OTLP endpoint is set. With the mode on and exporting, the worker's invocation span continues the caller already and
/// nothing is added.
/// </summary>
public sealed class RequestTraceContext : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // Started here, not in the helper: the current span is an async-local, and one set inside an awaited method is
        // gone when that method returns.
        using var continued = await CallersContextAsync(context) is { } caller && Activity.Current?.TraceId != caller.TraceId
            ? Instruments.Traces.StartActivity($"function {context.FunctionDefinition.Name}", ActivityKind.Server, caller)
            : null;
        await next(context);
    }

    /// <summary>The caller's context: the host's when it sends one (its mode on), else the request's headers; null when
    /// there is none or it is malformed (the worker's new trace then goes on as before).</summary>
    private static async ValueTask<ActivityContext?> CallersContextAsync(FunctionContext context)
    {
        var trace = context.TraceContext;
        if (!string.IsNullOrEmpty(trace.TraceParent))
        {
            if (Activity.Current is not null)
                return null; // the worker's invocation span continues the host's context
            return ActivityContext.TryParse(trace.TraceParent, trace.TraceState, isRemote: true, out var host) ? host : null;
        }
        if (await context.GetHttpRequestDataAsync() is not { } request
            || !request.Headers.TryGetValues("traceparent", out var parents)
            || parents.SingleOrDefault() is not { } traceParent)
            return null;
        var traceState = request.Headers.TryGetValues("tracestate", out var states) ? string.Join(",", states) : null;
        // The runtime's own W3C parser, the one HttpClient's propagation writes for.
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var caller) ? caller : null;
    }
}
