using System.Net;
using System.Text.RegularExpressions;

namespace FunctionsMonitor.HostTests;

/// <summary>
/// What the host writes to its console (the image's console logging, the shipped host.json and the Dockerfile's log
/// levels): nothing for a successful request, one line per failed metrics fetch with its trace id, and the
/// per-request lines back when an operator turns them on as docs/observability.md says.
/// </summary>
public sealed partial class LogTests
{
    /// <summary>The length of the host's log once it has written nothing more for a moment (the console logger writes
    /// from a queue).</summary>
    private static Task<int> SettledLengthAsync(AppHost host) => Poll.UntilSettledAsync(() => host.Log.Length, intervalSeconds: 1.5);

    /// <summary>The console lines the host writes from <paramref name="start"/> on, after <paramref name="act"/>.</summary>
    private static async Task<string[]> LinesAfterAsync(AppHost host, int start, Func<Task> act)
    {
        await act();
        var end = await SettledLengthAsync(host);
        return host.Log[start..end].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static readonly string[] SuccessfulRequests =
        ["api/metrics", "api/metrics/test-app", "api/metrics/test-app/history", "api/chart?app=test-app", "api/chart?app=test-app&width=640",
         "api/dashboard", "api/openapi.json", "api/healthz"];

    [Fact]
    public async Task A_successful_request_writes_no_host_line_and_a_failed_fetch_writes_one_with_its_trace_id()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var host = await AppHost.StartPublishedAsync("quiet-logs", Side.All, new Dictionary<string, string?>
        {
            ["MetricsService__BaseUrl"] = upstream.Url("switch"),
            ["MetricsService__Retries"] = "0",
        });
        // Start-up still writes: the host's own lines and the app's.
        Assert.Contains("Prometheus metrics at", host.Log);

        var start = await SettledLengthAsync(host);
        var quiet = await LinesAfterAsync(host, start, async () =>
        {
            foreach (var path in SuccessfulRequests)
                for (var i = 0; i < 5; i++)
                    Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(path)).StatusCode);
            // A client's mistake is no operator's business either.
            Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("api/metrics/nope")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("api/chart?width=5")).StatusCode);
        });
        var written = HostLog.WithoutLeaseNotice(quiet);
        Assert.True(written.Count == 0, $"{SuccessfulRequests.Length * 5 + 2} requests wrote:\n{string.Join('\n', written)}");

        upstream.Switch = "fail";
        var before = upstream.TraceParents.Count;
        var failed = await LinesAfterAsync(host, await SettledLengthAsync(host), async () =>
        {
            Assert.Equal(HttpStatusCode.BadGateway, (await host.Http.GetAsync("api/chart?app=test-app&width=401")).StatusCode);
            Assert.Equal(HttpStatusCode.BadGateway, (await host.Http.GetAsync("api/chart?app=test-app&width=402")).StatusCode);
        });

        // Two failed fetches: two warnings (each a level line and its message), each naming the URL and the trace id
        // that the metrics service received in its traceparent.
        var traceIds = upstream.TraceParents.Skip(before).Select(t => t.Split('-')[1]).ToList();
        Assert.Equal(2, traceIds.Count);
        var messages = failed.Where(l => l.Contains("Metrics fetch GET", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(4, failed.Length);
        Assert.All(failed.Where(l => !messages.Contains(l)), l => Assert.StartsWith("warn: Function.ChartFunction.User", l));
        foreach (var (message, traceId) in messages.Zip(traceIds))
        {
            Assert.Contains($"{upstream.Url("switch")}/metrics/test-app failed (502 to the caller)", message);
            Assert.Equal(traceId, TraceId().Match(message).Groups[1].Value);
        }
    }

    [Fact]
    public async Task The_documented_switches_bring_each_requests_host_lines_back()
    {
        var switches = Markdown.Read("docs/observability.md");
        var settings = LogSwitch().Matches(switches).ToDictionary(m => m.Groups[1].Value, m => (string?)m.Groups[2].Value);
        Assert.Equal(2, settings.Count);
        await using var host = await AppHost.StartPublishedAsync("verbose-logs", Side.Metrics, settings);

        var start = await SettledLengthAsync(host);
        var lines = await LinesAfterAsync(host, start, async () =>
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/metrics")).StatusCode));

        var text = string.Join('\n', lines);
        Assert.Contains("Executing HTTP request", text);
        Assert.Contains("Executed HTTP request", text);
        Assert.Matches(@"Executed 'Functions\.MetricsFunction' \(Succeeded, Id=[0-9a-f-]{36}", text);
    }

    [GeneratedRegex(@"\[trace ([0-9a-f]{32})\]")]
    private static partial Regex TraceId();

    /// <summary>A setting in the docs' code blocks that turns a log category back to Information.</summary>
    [GeneratedRegex(@"(?m)^\s*-?\s*(\S*(?:Logging__LogLevel__|logging__logLevel__)\S+)=(Information)\s*$")]
    private static partial Regex LogSwitch();
}
