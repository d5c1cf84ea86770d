using System.Collections.Specialized;
using System.Globalization;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

public enum ChartFormat { Png, Svg }

/// <summary>What <c>GET /api/chart</c> was asked for, parsed and bounded. Unknown query parameters are ignored
/// (browsers and dashboards add cache-busters); a bad value of a known one is a 400 problem.</summary>
public sealed record ChartRequest(string App, ChartFormat Format, int Width, int Height)
{
    public const int DefaultWidth = 1024, DefaultHeight = 512;
    public const int MinWidth = 320, MaxWidth = 2048;
    public const int MinHeight = 200, MaxHeight = 1024;

    public string ContentType => Format == ChartFormat.Png ? "image/png" : "image/svg+xml";

    public static (ChartRequest? Request, Problem? Problem) Parse(NameValueCollection query, string defaultApp)
    {
        var app = query["app"] ?? defaultApp;
        if (AppName.Check(app) is { } malformed)
            return Bad("app", $"{malformed}. An app name is {AppName.Rule}.");

        var format = ChartFormat.Png;
        if (query["format"] is { } f)
        {
            if (!Enum.TryParse(f, ignoreCase: true, out format) || !Enum.IsDefined(format) || f.Any(char.IsDigit))
                return Bad("format", $"'{f}' is not a chart format; use png or svg.");
        }

        if (Dimension(query, "width", DefaultWidth, MinWidth, MaxWidth) is not { } width)
            return Bad("width", $"width must be a whole number of pixels from {MinWidth} to {MaxWidth}; got '{query["width"]}'.");
        if (Dimension(query, "height", DefaultHeight, MinHeight, MaxHeight) is not { } height)
            return Bad("height", $"height must be a whole number of pixels from {MinHeight} to {MaxHeight}; got '{query["height"]}'.");

        return (new ChartRequest(app, format, width, height), null);
    }

    private static int? Dimension(NameValueCollection query, string name, int fallback, int min, int max) =>
        query[name] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : null;

    private static (ChartRequest?, Problem?) Bad(string parameter, string detail) =>
        (null, Problem.BadRequest($"Invalid query parameter '{parameter}'", detail));
}
