using System.Collections.Specialized;
using FunctionsMonitor.Http;
using FunctionsMonitor.MetricsFunction;

namespace FunctionsMonitor.ChartFunction;

/// <summary>What <c>GET /api/chart</c> was asked for, parsed and bounded. Unknown query parameters are ignored
/// (browsers and dashboards add cache-busters); a bad value of a known one is a 400 problem.</summary>
public sealed record ChartRequest(string App, ChartKind Kind, ChartFormat Format, int Width, int Height, int Seconds = 0)
{
    public const int DefaultWidth = 1024, DefaultHeight = 512;
    public const int MinWidth = 320, MaxWidth = 2048;
    public const int MinHeight = 200, MaxHeight = 1024;

    public string ContentType => Format == ChartFormat.Png ? "image/png" : "image/svg+xml";

    /// <summary>The kind and format as the query and the telemetry name them ("bar", "png"), without allocating.</summary>
    public string KindName => NameOf(Kind);

    public string FormatName => NameOf(Format);

    public static string NameOf(ChartKind kind) => kind == ChartKind.History ? "history" : "bar";

    public static string NameOf(ChartFormat format) => format == ChartFormat.Svg ? "svg" : "png";

    /// <summary>The request, or the 400 problem that names the first bad parameter. Whether the app exists is the
    /// metrics source's to say (the metrics service may know apps this catalogue does not).</summary>
    public static Result<ChartRequest> Parse(NameValueCollection query, string defaultApp)
    {
        // A repeated parameter reaches here as its values joined by commas: said as what it is, not as a bad value.
        foreach (var parameter in Parameters)
            if (query.GetValues(parameter) is { Length: > 1 } values)
                return Bad(parameter, $"{parameter} is given {values.Length} times; give it once.");
        var app = query["app"] ?? defaultApp;
        if (Catalogue.Malformed(app, "app") is { } malformed)
            return Result<ChartRequest>.Fail(malformed);
        if (!TryName(query["kind"], ChartKind.Bar, out var kind))
            return Bad("kind", $"'{query["kind"]}' is not a chart kind; use bar or history.");
        if (!TryName(query["format"], ChartFormat.Png, out var format))
            return Bad("format", $"'{query["format"]}' is not a chart format; use png or svg.");
        if (!Catalogue.HistorySeconds(query["seconds"]).TryGet(out var seconds, out var badSeconds))
            return Result<ChartRequest>.Fail(badSeconds);
        if (QueryValue.WholeNumber(query["width"], DefaultWidth, MinWidth, MaxWidth) is not { } width)
            return Bad("width", $"width must be a whole number of pixels from {MinWidth} to {MaxWidth}; got '{query["width"]}'.");
        if (QueryValue.WholeNumber(query["height"], DefaultHeight, MinHeight, MaxHeight) is not { } height)
            return Bad("height", $"height must be a whole number of pixels from {MinHeight} to {MaxHeight}; got '{query["height"]}'.");

        // A bar chart has no window: leave it out of the request so it does not split the cache.
        return Result<ChartRequest>.Ok(new ChartRequest(app, kind, format, width, height, kind == ChartKind.History ? seconds : 0));
    }

    private static readonly string[] Parameters = ["app", "kind", "format", "seconds", "width", "height"];

    /// <summary>An enum value by its name, case-insensitive; numbers and lists are not names.</summary>
    private static bool TryName<T>(string? text, T fallback, out T value) where T : struct, Enum
    {
        value = fallback;
        return text is null
            || (text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value));
    }

    private static Result<ChartRequest> Bad(string parameter, string detail) =>
        Result<ChartRequest>.Fail(Problem.BadRequest($"Invalid query parameter '{parameter}'", detail));
}
