namespace FunctionsMonitor.ChartFunction;

/// <summary>The names the telemetry gives a fetch's kind and outcome (<c>fetch.kind</c>, <c>fetch.outcome</c>).</summary>
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
