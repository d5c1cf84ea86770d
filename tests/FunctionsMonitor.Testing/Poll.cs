namespace FunctionsMonitor.Testing;

/// <summary>
/// Every wait of the tests, in one place: a condition read again at an interval until it holds or the patience runs
/// out. A test never sleeps for a fixed time: a host, a container, a browser or a Prometheus on a busy machine takes
/// what it takes, and a fixed sleep is either too short there or wasted everywhere else.
/// </summary>
public static class Poll
{
    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> holds or <paramref name="seconds"/> have
    /// passed, every <paramref name="intervalSeconds"/>; returns the last value read, so the caller's assertion can say
    /// what it saw.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, double seconds = 15, double intervalSeconds = 0.1)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await Task.Delay(TimeSpan.FromSeconds(intervalSeconds));
            value = await read();
        }
        return value;
    }

    /// <inheritdoc cref="UntilAsync{T}(Func{Task{T}}, Func{T, bool}, double, double)"/>
    public static Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done, double seconds = 15, double intervalSeconds = 0.1) =>
        UntilAsync(() => Task.FromResult(read()), done, seconds, intervalSeconds);

    /// <summary>Reads <paramref name="read"/> until two reads <paramref name="intervalSeconds"/> apart agree (output that
    /// has stopped growing: a log written from a queue), at most <paramref name="seconds"/>; returns the last value.</summary>
    public static Task<T> UntilSettledAsync<T>(Func<T> read, double intervalSeconds, double seconds = 60)
    {
        var previous = new T[1];
        var first = true;
        return UntilAsync(read, value =>
        {
            var settled = !first && EqualityComparer<T>.Default.Equals(value, previous[0]);
            (previous[0], first) = (value, false);
            return settled;
        }, seconds, intervalSeconds);
    }

    /// <summary>Waits until <paramref name="task"/> ends or <paramref name="limit"/> has passed; true when it ended.</summary>
    public static async Task<bool> EndsWithinAsync(Task task, TimeSpan limit) => await Task.WhenAny(task, Task.Delay(limit)) == task;

    /// <summary>Holds until cancelled: a held host, or an upstream that never answers.</summary>
    public static Task ForeverAsync(CancellationToken cancellation = default) => Task.Delay(Timeout.Infinite, cancellation);
}
