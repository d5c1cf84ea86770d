namespace FunctionsMonitor.ChartFunction;

/// <summary>How a fetch of samples from the metrics service ended (<see cref="HttpSampleSource"/>).</summary>
public enum FetchOutcome { Ok, NotFound, BadGateway, Timeout, CircuitOpen }

public static class FetchOutcomeNames
{
    /// <summary>The outcome as the telemetry names it (<c>fetch.outcome</c>).</summary>
    public static string Name(this FetchOutcome outcome) => outcome switch
    {
        FetchOutcome.Ok => "ok",
        FetchOutcome.NotFound => "not_found",
        FetchOutcome.BadGateway => "bad_gateway",
        FetchOutcome.Timeout => "timeout",
        _ => "circuit_open",
    };

    /// <summary>What a chart of this kind fetches, as the telemetry names it (<c>fetch.kind</c>).</summary>
    public static string FetchName(this ChartKind kind) => kind == ChartKind.History ? "history" : "current";
}
