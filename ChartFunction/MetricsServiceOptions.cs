using FunctionsMonitor.Settings;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// The metrics service the chart reads over HTTP (section <c>MetricsService</c>, environment
/// <c>MetricsService__BaseUrl</c>, …). Without <see cref="BaseUrl"/> the chart reads the in-process simulator.
/// </summary>
public sealed class MetricsServiceOptions
{
    public const string Section = "MetricsService";

    /// <summary>The URL under which <c>metrics</c> and <c>metrics/{app}</c> live: <c>http://localhost:7071/api</c>
    /// for this app under <c>func start</c>, <c>http://host:3000</c> for the Go seed.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The whole fetch, retries included, must end within this; past it the chart answers 504.</summary>
    [SettingRange(0.5, 120)]
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>Retries after a failed attempt (connection refused, 5xx, attempt timeout).</summary>
    [SettingRange(0, 5)]
    public int Retries { get; set; } = 1;

    /// <summary>Pause before each retry.</summary>
    [SettingRange(0, 10_000)]
    public int RetryDelayMilliseconds { get; set; } = 100;

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>The base address with a trailing slash, so relative paths append to it.</summary>
    public Uri BaseAddress() => new(BaseUrl!.TrimEnd('/') + "/", UriKind.Absolute);

    public TimeSpan Total => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Each attempt gets an equal share of what the total leaves after the retry pauses.</summary>
    public TimeSpan Attempt =>
        (Total - TimeSpan.FromMilliseconds(RetryDelayMilliseconds * Retries)) / (Retries + 1);
}
