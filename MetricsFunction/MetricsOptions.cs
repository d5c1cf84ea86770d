using FunctionsMonitor.Settings;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>The app catalogue and the sampling bucket, bound from the <c>Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Apps the service knows. Empty means the seed's single <c>test-app</c>.</summary>
    public List<AppEntry> Apps { get; set; } = [];

    /// <summary>The app of <c>GET /api/metrics</c>; the first catalogue entry when unset.</summary>
    public string? DefaultApp { get; set; }

    /// <summary>Width of a time bucket: one sample per app per bucket, the same on every replica.</summary>
    [SettingRange(1, 3600)]
    public int BucketSeconds { get; set; } = 1;

    /// <summary>The live app's name: the one app whose samples are real, this pod's own traffic.</summary>
    public string LiveApp { get; set; } = "functions-monitor";

    public IReadOnlyList<AppEntry> EffectiveApps =>
        Apps.Count > 0 ? Apps : [new AppEntry { Name = "test-app", Domain = "test-domain" }];

    public string EffectiveDefaultApp => DefaultApp ?? EffectiveApps[0].Name;
}
