using FunctionsMonitor.Settings;

namespace FunctionsMonitor.Observability;

/// <summary>Telemetry settings, section <c>Observability</c>. OTLP export is configured by the standard
/// <c>OTEL_*</c> variables instead (docs/observability.md).</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>The default scrape port: OpenTelemetry's usual Prometheus port, clear of the Functions host's 7071 and 8080.</summary>
    public const int DefaultPrometheusPort = 9464;

    /// <summary>The Prometheus scrape endpoint's port, on all interfaces, path <c>/metrics</c>; 0 turns it off. Its own
    /// port, never a function route: scrapes pass neither the ingress nor the KEDA interceptor and are not traffic.</summary>
    [SettingRange(0, 65535)]
    public int PrometheusPort { get; set; } = DefaultPrometheusPort;
}
