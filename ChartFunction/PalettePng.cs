using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace FunctionsMonitor.ChartFunction;

/// <summary>
/// Encodes a rendered chart as an indexed-colour PNG (colour type 3, 8-bit palette) built from the picture's own
/// colours. A chart holds few colours: the background, three fills, the text and their anti-aliasing blends. With
/// at most 256 the encoding is lossless; with more, the most frequent stay exact (see <see cref="MaxChangedShare"/>)
/// and each rarer blend takes its nearest palette colour (weighted towards green, as the eye is). One byte a pixel
/// instead of four is what makes the file about a third of the RGBA size (docs/performance.md).
/// </summary>
public static class PalettePng
{
    public const int MaxColours = 256;

    /// <summary>For a picture of more than 256 colours: the palette stops growing once at most this share of pixels is
    /// left to take a neighbouring colour (a picture with many blends may need all 256, and then leaves more).</summary>
    public const double MaxChangedShare = 0.005;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG of an RGBA8888 pixmap (premultiplied or not: charts are opaque).</summary>
    public static byte[] Encode(SKPixmap pixmap, int zlibLevel = 6)
    {
        if (pixmap.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"expected Rgba8888 pixels, got {pixmap.ColorType}", nameof(pixmap));
        int width = pixmap.Width, height = pixmap.Height, stride = pixmap.RowBytes / 4;
        var premultiplied = pixmap.AlphaType == SKAlphaType.Premul;
        var pixels = MemoryMarshal.Cast<byte, uint>(pixmap.GetPixelSpan());

        var palette = Palette(pixels, width, height, stride);
        // Half a megabyte for a default chart: rented, so that a render does not add a large-object heap allocation.
        var length = height * (width + 1);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            return Encode(palette, Indexes(pixels, width, height, stride, palette, rented.AsSpan(0, length)), width, height,
                premultiplied, zlibLevel);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static byte[] Encode(PaletteMap palette, ReadOnlySpan<byte> scanlines, int width, int height, bool premultiplied, int zlibLevel)
    {
        using var png = new MemoryStream(scanlines.Length / 8);
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bits per index
        header[9] = 3;  // colour type 3: indexed
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering, no interlace
        Chunk(png, "IHDR"u8, header);

        var rgb = new byte[palette.Colours.Length * 3];
        var alpha = new byte[palette.Colours.Length];
        var lastTranslucent = -1;
        for (var i = 0; i < palette.Colours.Length; i++)
        {
            var (r, g, b, a) = Straight(palette.Colours[i], premultiplied);
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], alpha[i]) = (r, g, b, a);
            if (a != 255)
                lastTranslucent = i;
        }
        Chunk(png, "PLTE"u8, rgb);
        if (lastTranslucent >= 0)
            Chunk(png, "tRNS"u8, alpha.AsSpan(0, lastTranslucent + 1));

        using (var compressed = new MemoryStream(scanlines.Length / 8))
        {
            using (var zlib = new ZLibStream(compressed, new ZLibCompressionOptions { CompressionLevel = zlibLevel }, leaveOpen: true))
                zlib.Write(scanlines);
            Chunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>The palette's colours (raw pixel values) and each pixel value's index.</summary>
    private sealed record PaletteMap(uint[] Colours, Dictionary<uint, byte> Index);

    private static PaletteMap Palette(ReadOnlySpan<uint> pixels, int width, int height, int stride)
    {
        // Counted run by run: a chart is mostly long runs of one colour, so the dictionary is touched rarely.
        var counts = new Dictionary<uint, int>();
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, width);
            var run = row[0];
            var length = 0;
            foreach (var pixel in row)
            {
                if (pixel == run)
                {
                    length++;
                    continue;
                }
                CollectionsMarshal.GetValueRefOrAddDefault(counts, run, out _) += length;
                (run, length) = (pixel, 1);
            }
            CollectionsMarshal.GetValueRefOrAddDefault(counts, run, out _) += length;
        }

        // Which colours: the most frequent, until all but MaxChangedShare of the pixels keep their exact colour (at
        // most 256). The rare blends left out (single anti-aliasing pixels) cost more bytes than they show: on the
        // default bar chart, 128 colours instead of 256 leave 0.6 % of pixels one blend off and save 6 % of bytes.
        var byFrequency = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).ToList();
        var uncovered = (long)width * height;
        var allowed = counts.Count <= MaxColours ? 0 : (long)(MaxChangedShare * width * height); // lossless when all fit
        var chosen = new List<uint>(MaxColours);
        foreach (var (colour, count) in byFrequency)
        {
            if (chosen.Count == MaxColours || uncovered <= allowed)
                break;
            chosen.Add(colour);
            uncovered -= count;
        }
        // In lightness order, so that the palette reads dark to light (deflate does not mind the order: measured).
        var colours = chosen.OrderBy(Lightness).ThenBy(c => c).ToArray();
        var index = new Dictionary<uint, byte>(counts.Count);
        for (var i = 0; i < colours.Length; i++)
            index[colours[i]] = (byte)i;
        foreach (var colour in counts.Keys)
            if (!index.ContainsKey(colour))
                index[colour] = Nearest(colour, colours);
        return new PaletteMap(colours, index);
    }

    /// <summary>The filtered scanlines: filter type 0 (none, the usual choice for indexed images) and one index a pixel.</summary>
    private static ReadOnlySpan<byte> Indexes(ReadOnlySpan<uint> pixels, int width, int height, int stride, PaletteMap palette, Span<byte> scanlines)
    {
        var last = pixels[0];
        var lastIndex = palette.Index[last];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, width);
            scanlines[y * (width + 1)] = 0; // filter type: none
            var output = scanlines.Slice(y * (width + 1) + 1, width);
            for (var x = 0; x < row.Length; x++)
            {
                var pixel = row[x];
                if (pixel != last)
                    (last, lastIndex) = (pixel, palette.Index[pixel]);
                output[x] = lastIndex;
            }
        }
        return scanlines;
    }

    /// <summary>Where text ends and background begins: R+G+B below this is dark (text, lines), above it light.</summary>
    public const int DarkBelow = 3 * 110;

    private static bool IsDark(uint c) => (c & 0xFF) + (c >> 8 & 0xFF) + (c >> 16 & 0xFF) < DarkBelow;

    /// <summary>The nearest palette colour of the same class, dark or light: a glyph's edge may take a neighbouring
    /// shade, but never turns from text into background or back, so text keeps its weight.</summary>
    private static byte Nearest(uint colour, uint[] palette)
    {
        var best = -1;
        var bestDistance = long.MaxValue;
        var dark = IsDark(colour);
        for (var i = 0; i < palette.Length; i++)
        {
            if (IsDark(palette[i]) != dark)
                continue;
            var distance = Distance(colour, palette[i]);
            if (distance < bestDistance)
                (best, bestDistance) = (i, distance);
        }
        // A palette without that class (a picture almost all light, say): the nearest of any class.
        return best >= 0 ? (byte)best : (byte)Enumerable.Range(0, palette.Length).MinBy(i => Distance(colour, palette[i]));
    }

    private static int Lightness(uint c) => 2 * (int)(c & 0xFF) + 4 * (int)(c >> 8 & 0xFF) + 3 * (int)(c >> 16 & 0xFF);

    private static long Distance(uint a, uint b)
    {
        int dr = (int)(a & 0xFF) - (int)(b & 0xFF), dg = (int)(a >> 8 & 0xFF) - (int)(b >> 8 & 0xFF),
            db = (int)(a >> 16 & 0xFF) - (int)(b >> 16 & 0xFF), da = (int)(a >> 24) - (int)(b >> 24);
        return 2L * dr * dr + 4L * dg * dg + 3L * db * db + 4L * da * da;
    }

    /// <summary>A pixel value's straight (not premultiplied) red, green, blue and alpha.</summary>
    private static (byte R, byte G, byte B, byte A) Straight(uint pixel, bool premultiplied)
    {
        byte r = (byte)pixel, g = (byte)(pixel >> 8), b = (byte)(pixel >> 16), a = (byte)(pixel >> 24);
        if (!premultiplied || a is 255)
            return (r, g, b, a);
        if (a is 0)
            return (0, 0, 0, 0);
        return ((byte)Math.Min(255, r * 255 / a), (byte)Math.Min(255, g * 255 / a), (byte)Math.Min(255, b * 255 / a), a);
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        png.Write(word);
    }
}
