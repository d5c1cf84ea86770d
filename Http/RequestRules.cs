using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FunctionsMonitor.Http;

/// <summary>
/// What every route accepts, in one place: every route is read-only, so <c>GET</c> and <c>HEAD</c> reach the function
/// (the host sends no body for <c>HEAD</c>), any other method is a 405 with <c>Allow</c>, and a request with a body is a
/// 413. The triggers name no method, so the host maps every one and this answer, not the host's empty 404, is what a
/// client sees. A large body never gets this far: the host refuses it past <c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c>
/// (the Dockerfile's and <c>local.settings.json</c>'s), before it would read the body into memory.
/// </summary>
public sealed class RequestRules : IFunctionsWorkerMiddleware
{
    public const string Allow = "GET, HEAD";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (await context.GetHttpRequestDataAsync() is not { } request || Refusal(request) is not { } refusal)
        {
            await next(context);
            return;
        }
        var response = await request.ProblemAsync(refusal);
        if (refusal.Status == (int)HttpStatusCode.MethodNotAllowed)
            response.Headers.Add("Allow", Allow);
        context.GetInvocationResult().Value = response;
    }

    private static Problem? Refusal(HttpRequestData request)
    {
        if (!IsGetOrHead(request.Method))
            return Problem.Of(HttpStatusCode.MethodNotAllowed, "Method not allowed",
                $"{request.Url.AbsolutePath} answers GET and HEAD only; {request.Method} changes nothing here.");
        // A body has a length, or comes in chunks without one.
        if ((request.Headers.TryGetValues("Content-Length", out var lengths) && lengths.Any(l => l.Trim() is not ("" or "0")))
            || (request.Headers.TryGetValues("Transfer-Encoding", out var encodings) && encodings.Any(e => e.Trim().Length > 0)))
            return Problem.Of(HttpStatusCode.RequestEntityTooLarge, "Request body not accepted",
                $"{request.Url.AbsolutePath} takes no request body; send the {request.Method} without one.");
        return null;
    }

    private static bool IsGetOrHead(string method) =>
        string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
}
