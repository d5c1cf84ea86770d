namespace FunctionsMonitor.Testing.Hosting;

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
