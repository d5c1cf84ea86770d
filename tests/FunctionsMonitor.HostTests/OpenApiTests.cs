using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;

namespace FunctionsMonitor.HostTests;

/// <summary>The served OpenAPI document: it parses, it describes exactly the functions' routes, and real responses
/// of every route match the schemas it gives for them.</summary>
[Collection(DefaultHostCollection.Name)]
public sealed class OpenApiTests(DefaultHostFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _http = fixture.Host.Http;
    private JsonObject _document = null!;

    public async Task InitializeAsync() => _document = JsonNode.Parse(await _http.GetStringAsync("/api/openapi.json"))!.AsObject();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_document_is_served_as_json_and_is_the_one_kept_in_the_repository()
    {
        using var response = await _http.GetAsync("/api/openapi.json");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var kept = Path.Combine(Tool.RepoRoot, "OpenApiFunction", "openapi.json");
        Assert.Equal(await File.ReadAllBytesAsync(kept), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_document_parses_with_Microsoft_OpenApi_without_errors()
    {
        using var stream = new MemoryStream(await _http.GetByteArrayAsync("/api/openapi.json"));

        var (document, diagnostic) = OpenApiDocument.Load(stream, "json");

        Assert.NotNull(document);
        Assert.Empty(diagnostic?.Errors ?? []);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        Assert.Equal(7, document.Paths.Count);
    }

    [Fact]
    public void Its_paths_are_exactly_the_function_routes_of_functions_metadata()
    {
        // An optional segment serves two paths: metrics/{app?} is /api/metrics and /api/metrics/{app}.
        var routes = FunctionMetadata.FromBuildOutput().SelectMany(f => f.Route.EndsWith("/{app?}", StringComparison.Ordinal)
            ? new[] { f.Route[..^"/{app?}".Length], f.Route.Replace("{app?}", "{app}", StringComparison.Ordinal) }
            : [f.Route]);

        Assert.Equal(routes.Select(r => "/api/" + r).Order(), _document["paths"]!.AsObject().Select(p => p.Key).Order());
    }

    [Theory]
    [InlineData("/api/metrics", "/api/metrics", 200)]
    [InlineData("/api/metrics/test-app", "/api/metrics/{app}", 200)]
    [InlineData("/api/metrics/nope", "/api/metrics/{app}", 404)]
    [InlineData("/api/metrics/bad%20name", "/api/metrics/{app}", 400)]
    [InlineData("/api/metrics/test-app/history?seconds=5", "/api/metrics/{app}/history", 200)]
    [InlineData("/api/metrics/test-app/history?seconds=0", "/api/metrics/{app}/history", 400)]
    [InlineData("/api/metrics/nope/history", "/api/metrics/{app}/history", 404)]
    [InlineData("/api/chart?width=5", "/api/chart", 400)]
    [InlineData("/api/chart?app=nope", "/api/chart", 404)]
    [InlineData("/api/dashboard?refresh=0", "/api/dashboard", 400)]
    [InlineData("/api/healthz", "/api/healthz", 200)]
    public async Task Real_json_responses_validate_against_the_documented_schema(string url, string path, int status)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        var mediaType = response.Content.Headers.ContentType!.MediaType!;

        var documented = _document["paths"]![path]!["get"]!["responses"]![status.ToString()]!;
        documented = Resolve(documented);
        var schema = documented["content"]?[mediaType]?["schema"];
        Assert.True(schema is not null, $"{path} documents no {mediaType} body for {status}");
        var results = Schema(schema!).Evaluate(JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", results.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
    }

    [Theory]
    [InlineData("/api/metrics", 200)]
    [InlineData("/api/metrics/test-app", 200)]
    [InlineData("/api/metrics/test-app/history?seconds=5", 200)]
    [InlineData("/api/healthz", 200)]
    [InlineData("/api/openapi.json", 200)]
    [InlineData("/api/metrics/nope", 404)]
    [InlineData("/api/chart?width=5", 400)]
    public async Task Json_answers_carry_exactly_application_json_and_problems_application_problem_json(string url, int status)
    {
        using var response = await _http.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        // The whole header, parameters included: a client or contract test that compares it as a string sees it whole.
        Assert.Equal(status == 200 ? "application/json" : "application/problem+json",
            response.Content.Headers.GetValues("Content-Type").Single());
        var documented = Resolve(_document["paths"]![url.Split('?')[0].Replace("test-app", "{app}", StringComparison.Ordinal)
            .Replace("nope", "{app}", StringComparison.Ordinal)]!["get"]!["responses"]![status.ToString()]!);
        Assert.Equal([response.Content.Headers.ContentType!.MediaType!], documented["content"]!.AsObject().Select(c => c.Key));
    }

    [Theory]
    [InlineData("/api/chart", "image/png")]
    [InlineData("/api/chart?format=svg", "image/svg+xml")]
    [InlineData("/api/dashboard", "text/html")]
    public async Task Real_non_json_responses_have_a_documented_media_type(string url, string mediaType)
    {
        using var response = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var path = url.Split('?')[0];
        Assert.NotNull(_document["paths"]![path]!["get"]!["responses"]!["200"]!["content"]![mediaType]);
    }

    private JsonNode Resolve(JsonNode node) =>
        node["$ref"]?.GetValue<string>() is { } reference
            ? Resolve(reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)_document, (n, key) => n[key]!))
            : node;

    /// <summary>A 2020-12 schema of one OpenAPI schema object, its component references turned into $defs.</summary>
    private JsonSchema Schema(JsonNode schema)
    {
        var text = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        }.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    }
}
