namespace FunctionsMonitor.ChartFunction;

/// <summary>PNG encodings of a chart (setting <c>Chart__PngEncoding</c>).</summary>
public enum PngEncoding
{
    /// <summary>Indexed colour (PNG colour type 3) from the picture's own colours; lossless up to 256 colours.</summary>
    Palette,

    /// <summary>Full colour with alpha (PNG colour type 6), SkiaSharp's encoder with the fast settings.</summary>
    Rgba,
}
