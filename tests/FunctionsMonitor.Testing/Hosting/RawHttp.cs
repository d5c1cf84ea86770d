namespace FunctionsMonitor.Testing.Hosting;

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

    /// <summary>A request carrying <paramref name="length"/> bytes of body, sent the way curl sends a file
    /// (<c>Content-Length</c>, then the bytes, made as they go so that this process holds none of them): the status
    /// line's code and the headers, read while the body may still be going out; null when the server closed without
    /// an answer.</summary>
    public static async Task<(int? Status, string Headers)> SendBodyAsync(Uri baseUrl, string method, string pathAndQuery, long length)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = tcp.GetStream();
        var head = $"{method} {pathAndQuery} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nContent-Type: application/octet-stream\r\n" +
                   $"Content-Length: {length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var sending = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            try
            {
                for (long sent = 0; sent < length; sent += chunk.Length)
                    await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // the server answered and closed before taking the whole body: what a refusal looks like
            }
        });
        using var reader = new StreamReader(stream, leaveOpen: true);
        string? status = null;
        var headers = new System.Text.StringBuilder();
        try
        {
            status = await reader.ReadLineAsync();
            for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
                headers.AppendLine(line);
        }
        catch (IOException)
        {
            // reset by the server: no (whole) answer
        }
        tcp.Close();
        await sending;
        return (status is { Length: > 0 } ? int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) : null,
            headers.ToString());
    }
}
