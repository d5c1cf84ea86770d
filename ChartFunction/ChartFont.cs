using Microsoft.Extensions.Options;
using SkiaSharp;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// The one font all chart text is drawn with, loaded from a file. ScottPlot's SkiaSharp build draws no text and raises
/// no error when it finds no font, so a missing font must fail the start instead: where this host runs the chart,
/// <see cref="ChartFontValidator"/> makes a font that cannot be read a bad <c>Chart__FontFile</c>.
/// </summary>
public sealed class ChartFont
{
    public ChartFont(IOptions<ChartOptions> options)
    {
        (Path, Family, GlyphCount) = Read(options.Value, out var problem) ?? throw new InvalidOperationException(problem);
        ScottPlot.Fonts.AddFontFile(Family, Path, bold: false, italic: false);
        var bold = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!,
            System.IO.Path.GetFileNameWithoutExtension(Path) + "-Bold" + System.IO.Path.GetExtension(Path));
        ScottPlot.Fonts.AddFontFile(Family, File.Exists(bold) ? bold : Path, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
    }

    public string Path { get; }

    public string Family { get; }

    public int GlyphCount { get; }

    /// <summary>The font the settings name (or the first candidate that exists), its family and glyph count; null, with
    /// what to set instead, when there is none or SkiaSharp cannot read it.</summary>
    public static (string Path, string Family, int GlyphCount)? Read(ChartOptions options, out string problem)
    {
        if (Find(options, out problem) is not { } path)
            return null;
        using var typeface = SKTypeface.FromFile(path);
        if (typeface is null)
        {
            problem = $"Chart__FontFile is '{path}', which is not a font SkiaSharp can read; set it to a .ttf or .otf file.";
            return null;
        }
        if (typeface.GlyphCount == 0)
        {
            problem = $"Chart__FontFile is '{path}', a font with no glyphs; set it to a .ttf or .otf file.";
            return null;
        }
        return (path, typeface.FamilyName, typeface.GlyphCount);
    }

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
