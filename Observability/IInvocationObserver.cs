namespace FunctionsMonitor.Observability;

/// <summary>What is told of every invocation by <see cref="InvocationMiddleware"/>, which times it once and reads its
/// status once: a slice that measures invocations (the telemetry, the live app) registers one of these.</summary>
public interface IInvocationObserver
{
    void Started(string function);

    /// <summary><paramref name="status"/>: the HTTP status answered (500 when the invocation threw).</summary>
    void Completed(string function, int status, TimeSpan elapsed);
}
