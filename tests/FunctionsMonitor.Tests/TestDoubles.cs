using System.Collections.Specialized;
using System.Net;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Tests;

// Minimal stand-ins for what the Functions host hands the worker. There are no official test doubles;
// these carry only what our functions read: the URL (query), the method, headers, and a response body.

internal sealed class TestFunctionContext(
    IServiceProvider services, CancellationToken cancellation = default, string function = "test", string traceParent = "")
    : FunctionContext
{
    private readonly Bindings _bindings = Bindings.Create();
    private TestFeatures? _features;

    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId { get; } = function;
    /// <summary>What the host hands the worker: the caller's W3C trace context (empty without one).</summary>
    public override TraceContext TraceContext { get; } = new TestTraceContext(traceParent);
    public override BindingContext BindingContext => throw new NotSupportedException();
    public override RetryContext RetryContext => throw new NotSupportedException();
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override FunctionDefinition FunctionDefinition { get; } = new TestFunctionDefinition(function);
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => _features ??= new TestFeatures(_bindings);
    public override CancellationToken CancellationToken { get; } = cancellation;

    /// <summary>What the worker's function invoker does with a function's return value: it becomes the invocation
    /// result, which <c>GetHttpResponseData()</c> reads (the worker keeps it in an internal bindings feature).</summary>
    public object? InvocationResult
    {
        get => _bindings.InvocationResult;
        set => _bindings.InvocationResult = value;
    }

    private sealed class TestFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public TestFeatures(Bindings bindings) => _features[Bindings.FeatureType] = bindings;

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    }

    private sealed class TestTraceContext(string traceParent) : TraceContext
    {
        public override string TraceParent { get; } = traceParent;
        public override string TraceState => "";
    }

    private sealed class TestFunctionDefinition(string name) : FunctionDefinition
    {
        public override System.Collections.Immutable.ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => typeof(Problem).Assembly.Location;
        public override string EntryPoint => name;
        public override string Id => name;
        public override string Name => name;
        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> InputBindings =>
            System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;
        public override System.Collections.Immutable.IImmutableDictionary<string, BindingMetadata> OutputBindings =>
            System.Collections.Immutable.ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}

/// <summary>
/// The worker's bindings feature (<c>IFunctionBindingsFeature</c>, internal to the Worker SDK), implemented as a
/// <see cref="System.Reflection.DispatchProxy"/>: the extension methods the middleware calls
/// (<c>GetHttpResponseData</c>, <c>GetInvocationResult</c>) then work as in the worker.
/// </summary>
public class Bindings : System.Reflection.DispatchProxy
{
    public static readonly Type FeatureType = typeof(FunctionContext).Assembly
        .GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;

    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>();

    public object? InvocationResult { get; set; }

    private readonly Dictionary<string, object?> _output = [];

    internal static Bindings Create() => (Bindings)Create(FeatureType, typeof(Bindings));

    protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
    {
        switch (method!.Name)
        {
            case "get_InvocationResult":
                return InvocationResult;
            case "set_InvocationResult":
                InvocationResult = args![0];
                return null;
            case "get_InputData" or "get_TriggerMetadata":
                return Empty;
            case "get_OutputBindingData":
                return _output;
            default:
                throw new NotSupportedException($"{method.Name} is not offered by the tests' bindings feature.");
        }
    }
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
