using System.Net;
using System.Text.RegularExpressions;
using FunctionsMonitor.Http;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>
/// The apps the metrics service knows, and the rules every slice applies to them: what an app name may be, which app is
/// the default and which is live, how long a history may be, and how time is cut into buckets. The chart, the dashboard
/// and the metrics functions all ask here, so a rule and its problem text exist once.
/// </summary>
public sealed partial class Catalogue
{
    public const int MaxNameLength = 63;

    public const string NameRule =
        "1-63 characters: ASCII letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    public const int DefaultHistorySeconds = 60, MaxHistorySeconds = 600;

    /// <summary>The live app's domain, shown in its chart's title.</summary>
    public const string LiveDomain = "live traffic of this pod";

    public Catalogue(IOptions<MetricsOptions> options)
    {
        var o = options.Value;
        Simulated = o.EffectiveApps;
        Live = new AppEntry { Name = o.LiveApp, Domain = LiveDomain };
        Apps = [.. Simulated, Live];
        DefaultApp = o.EffectiveDefaultApp;
        BucketSeconds = o.BucketSeconds;
    }

    /// <summary>The simulated apps, then the live app (this pod's own traffic).</summary>
    public IReadOnlyList<AppEntry> Apps { get; }

    public IReadOnlyList<AppEntry> Simulated { get; }

    public AppEntry Live { get; }

    public string DefaultApp { get; }

    /// <summary>Width of a time bucket: one sample per app per bucket, the same on every replica.</summary>
    public int BucketSeconds { get; }

    public bool IsLive(string app) => string.Equals(app, Live.Name, StringComparison.Ordinal);

    /// <summary>The app a request names (the default app when it names none), or the problem to answer: 400 for a
    /// malformed name, 404 for one the catalogue does not have. <paramref name="parameter"/> names the query parameter
    /// the name came in, when it came in one.</summary>
    public Result<AppEntry> Find(string? name, string? parameter = null)
    {
        name ??= DefaultApp;
        if (Malformed(name, parameter) is { } problem)
            return Result<AppEntry>.Fail(problem);
        return Apps.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal)) is { } app
            ? Result<AppEntry>.Ok(app)
            : Result<AppEntry>.Fail(Problem.NotFound("Unknown app",
                $"No app named '{name}' is in the catalogue. Known apps: {string.Join(", ", Apps.Select(a => a.Name))}."));
    }

    /// <summary>The 400 problem of a malformed app name, or null when the name is well formed.</summary>
    public static Problem? Malformed(string name, string? parameter = null) => NameProblem(name) is { } problem
        ? Problem.BadRequest(parameter is null ? "Malformed app name" : $"Invalid query parameter '{parameter}'",
            $"{problem}. An app name is {NameRule}.")
        : null;

    /// <summary>What is wrong with an app name, or null when it is well formed (a Kubernetes-label-like name, safe in a
    /// URL path and a cache key).</summary>
    public static string? NameProblem(string? name) => name switch
    {
        null or "" => "the app name is empty",
        { Length: > MaxNameLength } => $"the app name is {name.Length} characters long; at most {MaxNameLength} are allowed",
        _ when !NamePattern().IsMatch(name) => "the app name holds a character that is not allowed, or starts or ends with '-', '_' or '.'",
        _ => null,
    };

    /// <summary>A history window from a <c>seconds</c> query value: the default when absent, else a 400 problem unless it
    /// is a whole number from 1 to <see cref="MaxHistorySeconds"/>.</summary>
    public static Result<int> HistorySeconds(string? text) =>
        QueryValue.WholeNumber(text, DefaultHistorySeconds, 1, MaxHistorySeconds) is { } seconds
            ? Result<int>.Ok(seconds)
            : Result<int>.Fail(Problem.BadRequest("Invalid query parameter 'seconds'",
                $"seconds must be a whole number from 1 to {MaxHistorySeconds}; got '{text}'."));

    /// <summary>The number of the bucket that holds <paramref name="at"/> (buckets of <see cref="BucketSeconds"/>
    /// from the Unix epoch, so that every replica cuts time alike).</summary>
    public long BucketNumber(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeSeconds(), BucketSeconds, out var r) - (r < 0 ? 1 : 0);

    public DateTimeOffset BucketStart(long number) => DateTimeOffset.FromUnixTimeSeconds(number * BucketSeconds);

    /// <summary>How many buckets a history of <paramref name="seconds"/> holds (at least one).</summary>
    public int BucketsIn(int seconds) => Math.Max(1, seconds / BucketSeconds);

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();
}
