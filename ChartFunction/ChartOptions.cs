namespace FunctionsMonitor.ChartFunction;

/// <summary>Chart settings, section <c>Chart</c>.</summary>
public sealed class ChartOptions
{
    public const string Section = "Chart";

    /// <summary>A TrueType/OpenType file for all chart text. Unset: the first of <see cref="FontCandidates"/> that exists.</summary>
    public string? FontFile { get; set; }

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
