namespace FunctionsMonitor.ChartFunction;

/// <summary>How a fetch of samples from the metrics service ended (<see cref="HttpSampleSource"/>).</summary>
public enum FetchOutcome { Ok, NotFound, BadGateway, Timeout, CircuitOpen }
