using System.Text.RegularExpressions;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// What an app name may be: 1–63 characters, ASCII letters, digits, '-', '_' or '.', starting and
/// ending with a letter or digit (a Kubernetes-label-like name, safe in a URL path and a cache key).
/// </summary>
public static partial class AppName
{
    public const int MaxLength = 63;
    public const string Rule =
        "1-63 characters: ASCII letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex Pattern();

    /// <summary>Null when the name is well formed, else what is wrong with it.</summary>
    public static string? Check(string? name) => name switch
    {
        null or "" => "the app name is empty",
        { Length: > MaxLength } => $"the app name is {name.Length} characters long; at most {MaxLength} are allowed",
        _ when !Pattern().IsMatch(name) => $"the app name must be {Rule}",
        _ => null,
    };
}
