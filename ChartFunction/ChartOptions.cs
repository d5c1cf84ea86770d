using FunctionsMonitor.Settings;

namespace FunctionsMonitor.ChartFunction;

/// <summary>Chart settings, section <c>Chart</c>.</summary>
public sealed class ChartOptions
{
    public const string Section = "Chart";

    /// <summary>A TrueType/OpenType file for all chart text. Unset: the first of <see cref="FontCandidates"/> that exists.</summary>
    public string? FontFile { get; set; }

    /// <summary>Renders running at once; 0 means one per core. Rendering is CPU-bound: more only adds waiting.</summary>
    [SettingRange(0, 64)]
    public int MaxConcurrentRenders { get; set; }

    /// <summary>Renders waiting for a slot; past this a request gets 503 with Retry-After at once.</summary>
    [SettingRange(0, 1000)]
    public int MaxQueuedRenders { get; set; } = 8;

    /// <summary>Bytes of rendered images kept, in megabytes; the least recently used go first past it.</summary>
    [SettingRange(1, 4096)]
    public int CacheMegabytes { get; set; } = 64;

    /// <summary>How PNG charts are encoded: <see cref="PngEncoding.Palette"/> (indexed colour, about a third of the
    /// bytes) or <see cref="PngEncoding.Rgba"/> (full colour, as before).</summary>
    public PngEncoding PngEncoding { get; set; } = PngEncoding.Palette;

    public int EffectiveConcurrentRenders => MaxConcurrentRenders > 0 ? MaxConcurrentRenders : Environment.ProcessorCount;

    /// <summary>Where Debian's fonts-dejavu-core (installed by the Dockerfile and .ci/run) puts its files, then
    /// common alternatives. ScottPlot's SkiaSharp build reads font files itself (no fontconfig), so a file is named.</summary>
    public static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        @"C:\Windows\Fonts\arial.ttf",
    ];
}
