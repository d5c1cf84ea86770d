namespace FunctionsMonitor.Testing;

/// <summary>A clock a test moves by hand, for the classes tested without a host (the simulator, the live app).</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
