using System.Globalization;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>Reads sample lines of the Prometheus text exposition format: <c>name{label="v",…} value</c>.</summary>
public static partial class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="series"/> whose labels contain each of <paramref name="labels"/>.</summary>
    public static double Sum(string scrape, string series, params string[] labels) =>
        Samples(scrape).Where(s => s.Name == series && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal)))
            .Sum(s => s.Value);

    /// <summary>Each sample line: its series name, its label text (between the braces) and its value.</summary>
    public static IEnumerable<(string Name, string Labels, double Value)> Samples(string scrape) =>
        SampleLine().Matches(scrape).Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value, Value(m.Groups["value"].Value)));

    private static double Value(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})?\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
