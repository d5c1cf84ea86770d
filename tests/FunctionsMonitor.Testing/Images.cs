using SkiaSharp;

namespace FunctionsMonitor.Testing;

/// <summary>What a person would see in a chart image, measured in pixels.</summary>
internal static class Images
{
    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("the body does not decode as an image");

    /// <summary>Dark enough to be text or lines (the background is white).</summary>
    public static bool IsDark(SKColor c) => c.Red + c.Green + c.Blue < 3 * 110;

    /// <summary>Pixels in a band of rows that are dark enough to be text or lines (the background is white).</summary>
    public static int DarkPixels(SKBitmap image, int fromRow, int toRow, int fromColumn = 0, int? toColumn = null)
    {
        var count = 0;
        for (var y = fromRow; y < toRow; y++)
            for (var x = fromColumn; x < (toColumn ?? image.Width); x++)
            {
                if (IsDark(image.GetPixel(x, y)))
                    count++;
            }
        return count;
    }

    /// <summary>Pixels close to a colour (a bar fill).</summary>
    public static int PixelsNear(SKBitmap image, SKColor colour, int tolerance = 12)
    {
        var count = 0;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var c = image.GetPixel(x, y);
                if (Math.Abs(c.Red - colour.Red) <= tolerance && Math.Abs(c.Green - colour.Green) <= tolerance
                    && Math.Abs(c.Blue - colour.Blue) <= tolerance)
                    count++;
            }
        return count;
    }

    /// <summary>The PNG colour type in the IHDR chunk: 3 indexed, 6 RGBA.</summary>
    public static int ColourType(byte[] png)
    {
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        return png[25];
    }

    /// <summary>Where tests leave the pictures they make, beside their results (ignored by git), so a test run never
    /// touches docs/: <c>scripts/refresh-docs-images.sh</c> copies the ones the README shows into docs/.</summary>
    public static string Pictures
    {
        get
        {
            var dir = Path.Combine(Tool.RepoRoot, "tests", "FunctionsMonitor.Tests", "TestResults", "pictures");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string Save(byte[] bytes, string name)
    {
        var path = Path.Combine(Pictures, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
