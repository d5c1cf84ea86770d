using System.Net;
using System.Text.Json;

namespace FunctionsMonitor.Tests.Hosting;

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

/// <summary>Samples are a function of (app, time bucket): tests that need two requests in one bucket, or in two, time
/// them by this machine's clock, which is the host's.</summary>
internal static class Buckets
{
    /// <summary>Runs <paramref name="action"/> from the start of a bucket until it starts and ends within that one
    /// bucket (a busy machine may need a second try), at most five tries.</summary>
    public static async Task<T> WithinOneAsync<T>(Func<Task<T>> action, int bucketSeconds = 1)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await NextAsync(bucketSeconds);
            var before = Number(bucketSeconds);
            var result = await action();
            if (Number(bucketSeconds) == before)
                return result;
        }
        throw new Xunit.Sdk.XunitException($"five tries did not fit in one {bucketSeconds} s bucket: the machine is too busy");
    }

    /// <summary>Waits until the next bucket has begun: the bucket number read until it changes, so that the action
    /// that follows starts with a whole bucket before it.</summary>
    public static Task NextAsync(int bucketSeconds = 1)
    {
        var now = Number(bucketSeconds);
        return Poll.UntilAsync(() => Number(bucketSeconds), n => n > now, seconds: bucketSeconds + 5, intervalSeconds: 0.01);
    }

    public static long Number(int bucketSeconds = 1) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / bucketSeconds;
}

/// <summary>How the fixtures stop what they started, in order: whatever their start got to (a failed start leaves the
/// rest unset).</summary>
public static class Disposal
{
    public static async Task AllAsync(params IAsyncDisposable?[] started)
    {
        foreach (var item in started)
            if (item is not null)
                await item.DisposeAsync();
    }
}
