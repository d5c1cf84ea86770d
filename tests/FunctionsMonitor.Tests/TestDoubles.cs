using System.Collections.Specialized;
using System.Net;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Tests;

// Minimal stand-ins for what the Functions host hands the worker. There are no official test doubles;
// these carry only what our functions read: the URL (query), the method, headers, and a response body.

internal sealed class TestFunctionContext(IServiceProvider services, CancellationToken cancellation = default) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId { get; } = "test";
    public override TraceContext TraceContext => throw new NotSupportedException();
    public override BindingContext BindingContext => throw new NotSupportedException();
    public override RetryContext RetryContext => throw new NotSupportedException();
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => throw new NotSupportedException();
    public override CancellationToken CancellationToken { get; } = cancellation;
}

internal sealed class TestRequest(FunctionContext context, Uri url, string method = "GET", HttpHeadersCollection? headers = null)
    : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream();
    public override HttpHeadersCollection Headers { get; } = headers ?? new HttpHeadersCollection();
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
    public override Uri Url { get; } = url;
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method { get; } = method;
    public override NameValueCollection Query => System.Web.HttpUtility.ParseQueryString(Url.Query);
    public override HttpResponseData CreateResponse() => new TestResponse(FunctionContext);
}

internal sealed class TestResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;
    public override HttpHeadersCollection Headers { get; set; } = new();
    public override Stream Body { get; set; } = new MemoryStream();
    public override HttpCookies Cookies { get; } = new TestCookies();

    public byte[] BodyBytes => ((MemoryStream)Body).ToArray();

    public string BodyText => System.Text.Encoding.UTF8.GetString(BodyBytes);

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private sealed class TestCookies : HttpCookies
    {
        public override void Append(string name, string value) { }
        public override void Append(IHttpCookie cookie) { }
        public override IHttpCookie CreateNew() => throw new NotSupportedException();
    }
}

/// <summary>A clock a test or benchmark moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
