
namespace FunctionsMonitor.Testing;

/// <summary>The names of the worker's Prometheus series that tests read, in one place.</summary>
internal static class Series
{
    public const string ChartRenders = "functionsmonitor_chart_renders_total";
    public const string Invocations = "faas_invocations_total";
    public const string InvokeDurationCount = "faas_invoke_duration_seconds_count";
    public const string ActiveInvocations = "functionsmonitor_active_invocations";
    public const string Fetches = "functionsmonitor_chart_sample_fetches_total";
    public const string RenderQueue = "functionsmonitor_chart_render_queue";
    public const string HttpClientRequestDurationCount = "http_client_request_duration_seconds_count";
}
