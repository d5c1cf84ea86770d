using Microsoft.Extensions.Options;
using SkiaSharp;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// The one font all chart text is drawn with, loaded from a file at start. ScottPlot draws no text and
/// raises no error when it finds no font (DESIGN.md §5), so a missing font must fail the start instead.
/// </summary>
public sealed class ChartFont
{
    public ChartFont(IOptions<ChartOptions> options)
    {
        var configured = options.Value.FontFile;
        Path = configured ?? ChartOptions.FontCandidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "No font file for chart text: none of " + string.Join(", ", ChartOptions.FontCandidates) +
                " exists. Install one (Debian/Ubuntu: apt-get install fonts-dejavu-core) or set Chart__FontFile to a .ttf file.");
        if (!File.Exists(Path))
            throw new InvalidOperationException($"Chart__FontFile '{Path}' does not exist; set it to a .ttf/.otf file.");

        using var typeface = SKTypeface.FromFile(Path)
            ?? throw new InvalidOperationException($"Chart__FontFile '{Path}' is not a font SkiaSharp can read.");
        Family = typeface.FamilyName;
        GlyphCount = typeface.GlyphCount;
        if (GlyphCount == 0)
            throw new InvalidOperationException($"The font '{Path}' has no glyphs.");

        ScottPlot.Fonts.AddFontFile(Family, Path, bold: false, italic: false);
        var bold = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!,
            System.IO.Path.GetFileNameWithoutExtension(Path) + "-Bold" + System.IO.Path.GetExtension(Path));
        ScottPlot.Fonts.AddFontFile(Family, File.Exists(bold) ? bold : Path, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
    }

    public string Path { get; }

    public string Family { get; }

    public int GlyphCount { get; }
}
