using System.Net;
using System.Text.Json;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>What a client gets back, read the way a client reads it.</summary>
internal static class Responses
{
    /// <summary>A response or content header, its values joined by commas; null when absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    /// <summary>Asserts an <c>application/problem+json</c> response of the status with a title and a detail.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    public static async Task<JsonElement> ProblemAsync(this Task<HttpResponseMessage> response, HttpStatusCode status) =>
        await (await response).ProblemAsync(status);
}
