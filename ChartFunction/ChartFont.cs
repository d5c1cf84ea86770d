using Microsoft.Extensions.Options;
using SkiaSharp;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// The one font all chart text is drawn with, loaded from a file at start. ScottPlot's SkiaSharp build draws no text
/// and raises no error when it finds no font, so a missing font must fail the start instead: constructing this loads
/// the font, and the start-time settings check constructs it (a bad font is a bad <c>Chart__FontFile</c>).
/// </summary>
public sealed class ChartFont
{
    public ChartFont(IOptions<ChartOptions> options)
    {
        Path = Find(options.Value, out var problem) ?? throw new InvalidOperationException(problem);
        using var typeface = SKTypeface.FromFile(Path)
            ?? throw new InvalidOperationException($"Chart__FontFile is '{Path}', which is not a font SkiaSharp can read; set it to a .ttf or .otf file.");
        Family = typeface.FamilyName;
        GlyphCount = typeface.GlyphCount;
        if (GlyphCount == 0)
            throw new InvalidOperationException($"Chart__FontFile is '{Path}', a font with no glyphs; set it to a .ttf or .otf file.");

        ScottPlot.Fonts.AddFontFile(Family, Path, bold: false, italic: false);
        var bold = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!,
            System.IO.Path.GetFileNameWithoutExtension(Path) + "-Bold" + System.IO.Path.GetExtension(Path));
        ScottPlot.Fonts.AddFontFile(Family, File.Exists(bold) ? bold : Path, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
    }

    public string Path { get; }

    public string Family { get; }

    public int GlyphCount { get; }

    private static string? Find(ChartOptions options, out string problem)
    {
        problem = "";
        if (options.FontFile is { } configured)
        {
            if (File.Exists(configured))
                return configured;
            problem = $"Chart__FontFile is '{configured}', which does not exist; set it to a .ttf or .otf file.";
            return null;
        }
        if (ChartOptions.FontCandidates.FirstOrDefault(File.Exists) is { } found)
            return found;
        problem = "Chart__FontFile is not set and none of " + string.Join(", ", ChartOptions.FontCandidates) +
            " exists: install one (Debian/Ubuntu: apt-get install fonts-dejavu-core) or set Chart__FontFile to a .ttf file.";
        return null;
    }
}
