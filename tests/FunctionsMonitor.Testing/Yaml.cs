using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FunctionsMonitor.Testing;

/// <summary>YAML streams as the tests read them.</summary>
public static partial class Yaml
{
    /// <summary>The documents of a multi-document YAML stream (empty ones, such as a comment alone, left out).</summary>
    public static IReadOnlyList<Manifest> Parse(string yaml) =>
        DocumentSeparator().Split(yaml)
            .Where(d => d.Split('\n').Any(line => line.Trim() is { Length: > 0 } t && !t.StartsWith('#')))
            .Select(d => new Manifest(d, ToJson(d)))
            .ToList();

    public static JsonObject ToJson(string document)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        return (JsonObject)Convert(stream.Documents.Single().RootNode)!;
    }

    /// <summary>YAML 1.2 core-schema typing for plain scalars; quoted scalars stay strings.</summary>
    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } => v switch
        {
            null or "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            _ => JsonValue.Create(v),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
