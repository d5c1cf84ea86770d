using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Tests;

/// <summary>
/// A test-only stand-in for the Functions host's HTTP front door: Kestrel on 127.0.0.1, routing each
/// request by the routes in the build's <c>functions.metadata</c> (what the host reads) to the same function
/// classes and <c>Run</c> methods the host invokes, resolved from the app's own service registration.
/// It implements no handler of its own.
/// </summary>
internal sealed class FunctionsHttpServer : IAsyncDisposable
{
    private readonly WebApplication _web;

    private FunctionsHttpServer(WebApplication web, Uri baseUrl)
    {
        _web = web;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:port — append <c>/api/…</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<FunctionsHttpServer> StartAsync(TestApp app, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var web = builder.Build();
        foreach (var function in FunctionMetadata.FromBuildOutput())
            web.MapMethods("/api/" + function.Route, function.Methods.Select(m => m.ToUpperInvariant()).ToArray(),
                (HttpContext http) => Invoke(app, function, http));
        await web.StartAsync();
        var address = web.Urls.First();
        return new FunctionsHttpServer(web, new Uri(address));
    }

    /// <summary>The worker's invocation activity source (Microsoft.Azure.Functions.Worker): the worker starts the
    /// invocation's span from it, continuing the trace context the host hands over, before the middleware runs.</summary>
    private static readonly ActivitySource Worker = new("Microsoft.Azure.Functions.Worker");

    private static async Task Invoke(TestApp app, FunctionMetadata function, HttpContext http)
    {
        var headers = new HttpHeadersCollection();
        foreach (var (name, values) in http.Request.Headers)
            headers.Add(name, values.ToArray()!);
        var url = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}");
        // What the host does: the request's traceparent becomes the invocation's TraceContext.
        var context = new TestFunctionContext(app.Services, http.RequestAborted, function.Name,
            http.Request.Headers.TraceParent.ToString());
        var request = new TestRequest(context, url, http.Request.Method, headers);

        var type = typeof(FunctionsMonitor.Problem).Assembly.GetType(function.ClassName, throwOnError: true)!;
        var method = type.GetMethod(function.MethodName)!;
        var instance = ActivatorUtilities.CreateInstance(app.Services, type);
        var arguments = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequestData) => request,
            var t when t == typeof(CancellationToken) => http.RequestAborted,
            _ => (object?)http.GetRouteValue(p.Name!)?.ToString(),
        }).ToArray();

        // What the worker does: the invocation span, parented on the host's trace context, around the app's middleware
        // and the function, whose return value becomes the invocation result.
        ActivityContext.TryParse(context.TraceContext.TraceParent, context.TraceContext.TraceState, out var parent);
        using (var invocation = Worker.StartActivity("Invoke", ActivityKind.Internal, parent))
        {
            invocation?.SetTag("faas.name", function.Name);
            await app.Pipeline(async ctx =>
                ((TestFunctionContext)ctx).InvocationResult = await (Task<HttpResponseData>)method.Invoke(instance, arguments)!)(context);
        }
        var response = (TestResponse)context.InvocationResult!;

        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers)
        {
            if (string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
                http.Response.ContentType = string.Join(",", header.Value);
            else
                http.Response.Headers[header.Key] = header.Value.ToArray();
        }
        await http.Response.Body.WriteAsync(response.BodyBytes);
    }

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();
}

/// <summary>One function as the build's <c>functions.metadata</c> describes it.</summary>
internal sealed record FunctionMetadata(string Name, string EntryPoint, string Route, string[] Methods, string AuthLevel)
{
    public string ClassName => EntryPoint[..EntryPoint.LastIndexOf('.')];

    public string MethodName => EntryPoint[(EntryPoint.LastIndexOf('.') + 1)..];

    public static string BuildOutputPath => Path.Combine(AppContext.BaseDirectory, "functions.metadata");

    public static IReadOnlyList<FunctionMetadata> FromBuildOutput() => Parse(File.ReadAllText(BuildOutputPath));

    public static IReadOnlyList<FunctionMetadata> Parse(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            return new FunctionMetadata(
                f.GetProperty("name").GetString()!,
                f.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("route").GetString()!,
                trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray(),
                trigger.GetProperty("authLevel").GetString()!);
        }).ToList();
}
