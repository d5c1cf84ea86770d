using System.Globalization;
using Microsoft.Azure.Functions.Worker.Http;

namespace FunctionsMonitor.Http;

/// <summary>Reading the query and route values the functions take, so that every bounded number is checked the same way.</summary>
public static class QueryValue
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>: <paramref name="fallback"/> when the
    /// parameter is absent, null when it is present but not a whole number in range (a 400 for the caller).</summary>
    public static int? WholeNumber(string? text, int fallback, int min, int max) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : null;

    /// <summary>A route parameter's value (<c>{app}</c>), read from the invocation's binding data rather than bound as a
    /// function parameter: a bound parameter goes through the worker's input conversion on every invocation, which
    /// cost the metrics route about 5 % of its requests a second in the real host (docs/performance.md).</summary>
    public static string? RouteValue(this HttpRequestData request, string name) =>
        request.FunctionContext.BindingContext.BindingData.TryGetValue(name, out var value) ? value?.ToString() : null;
}
