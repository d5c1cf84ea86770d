using System.Net;
using FunctionsMonitor.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FunctionsMonitor.Settings;

/// <summary>The first middleware: an invocation runs only once the settings are known to be right. The host may send
/// one as soon as the worker has connected, before the check has failed the start; with bad settings it gets a 503
/// problem that names them while the worker exits.</summary>
public sealed class SettingsGate(StartupSettingsCheck check) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var problems = await check.Checked.WaitAsync(context.CancellationToken);
        if (problems.Count == 0)
        {
            await next(context);
            return;
        }
        if (await context.GetHttpRequestDataAsync() is not { } request)
            throw new InvalidSettingsException(problems);
        context.GetInvocationResult().Value = await request.ProblemAsync(Problem.Of(HttpStatusCode.ServiceUnavailable,
            "Settings are wrong", new InvalidSettingsException(problems).Message), retryAfterSeconds: 10);
    }
}
