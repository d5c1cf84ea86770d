using System.Globalization;

namespace FunctionsMonitor;

/// <summary>Parsing of query values shared by the functions, so every bounded number is checked the same way.</summary>
public static class QueryValue
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>: <paramref name="fallback"/> when the
    /// parameter is absent, null when it is present but not a whole number in range (a 400 for the caller).</summary>
    public static int? WholeNumber(string? text, int fallback, int min, int max) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : null;
}
