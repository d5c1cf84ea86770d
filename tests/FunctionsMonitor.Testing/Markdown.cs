using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.Testing;

/// <summary>Just enough Markdown for link checking: headings and links outside code, and GitHub's heading slugs.</summary>
public static partial class Markdown
{
    public static IEnumerable<string> Files() =>
        Tool.Run("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"]).Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(Tool.RepoRoot, f)))
            .Order(StringComparer.Ordinal);

    public static string Read(string file) => File.ReadAllText(Path.Combine(Tool.RepoRoot, file));

    /// <summary>The lines outside fenced code blocks.</summary>
    private static IEnumerable<string> Prose(string text)
    {
        var fenced = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                fenced = !fenced;
            else if (!fenced)
                yield return line;
        }
    }

    /// <summary>Link targets of <c>[text](target)</c> and <c>![alt](target)</c> outside code.</summary>
    public static List<string> Links(string text) =>
        Prose(text).Select(line => CodeSpan().Replace(line, ""))
            .SelectMany(line => Link().Matches(line).Select(m => m.Groups[1].Value)).ToList();

    /// <summary>Each heading's anchor as GitHub makes it: repeats get -1, -2, ….</summary>
    public static List<string> Anchors(string text)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = new List<string>();
        foreach (var line in Prose(text))
        {
            if (Heading().Match(line) is not { Success: true } m)
                continue;
            var slug = Slug(m.Groups[1].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        return anchors;
    }

    /// <summary>GitHub's slug (github-slugger): of the heading's rendered text, lower-cased, keep letters, marks,
    /// numbers, '_', '-' and spaces, then turn each space into '-'.</summary>
    public static string Slug(string heading)
    {
        var rendered = CodeSpanKeep().Replace(heading, "$1");
        rendered = Link().Replace(rendered.Replace("![", "[", StringComparison.Ordinal), m => m.Groups[0].Value[1..m.Groups[0].Value.IndexOf(']')]);
        rendered = rendered.Replace("*", "", StringComparison.Ordinal);
        var slug = new StringBuilder();
        foreach (var c in rendered.Trim().ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (c == ' ')
                slug.Append('-');
            else if (c == '-' || char.IsLetter(c) || char.IsNumber(c) || category is UnicodeCategory.NonSpacingMark
                     or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.ConnectorPunctuation)
                slug.Append(c);
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"`([^`]*)`")]
    private static partial Regex CodeSpanKeep();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
