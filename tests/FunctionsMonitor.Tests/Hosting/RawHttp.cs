namespace FunctionsMonitor.Tests.Hosting;

/// <summary>A caller from outside, like a browser: a plain HTTP/1.1 GET over a socket with exactly the headers given, so
/// that nothing in this process adds or replaces a <c>traceparent</c>.</summary>
internal static class RawHttp
{
    /// <summary>The status code of <c>GET pathAndQuery</c>, sent with <paramref name="traceParent"/> when given.</summary>
    public static async Task<int> GetAsync(Uri baseUrl, string pathAndQuery, string? traceParent = null)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\n"
            + (traceParent is null ? "" : $"traceparent: {traceParent}\r\n") + "Connection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync() ?? "";
        await reader.ReadToEndAsync();
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> (or 15 s), returning the last value read.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done, double seconds = 15)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = read();
        }
        return value;
    }
}
