using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Tests;

/// <summary>
/// A real metrics upstream on 127.0.0.1 that behaves as told: the Go seed (its exact sample), a 500, a body
/// that is not JSON, JSON of the wrong shape, or a hang. Counts the requests it gets.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    /// <summary>Real output of the Go seed (docs/configuration.md): breaks our invariants, has no maxLatency or timestamp.</summary>
    public const string SeedSample = """
        {
          "performance_index": {
            "failRatio": 0.0656,
            "failAmount": 48,
            "accessAmount": 16,
            "maxConcurrent": 49,
            "minLatency": 84,
            "avgLatency": 87
          },
          "host": "",
          "app_name": "test-app",
          "domain": "test-domain"
        }
        """;

    private readonly WebApplication _web;

    private Upstream(WebApplication web, Uri baseUrl) => (_web, BaseUrl) = (web, baseUrl);

    public Uri BaseUrl { get; }

    public ConcurrentDictionary<string, int> Hits { get; } = new();

    /// <summary>The <c>traceparent</c> header of every request, in arrival order ("" when absent).</summary>
    public ConcurrentQueue<string> TraceParents { get; } = new();

    /// <summary>What the <c>switch</c> behaviour does now: another behaviour's name.</summary>
    public string Switch { get; set; } = "seed";

    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight, _mostInFlight;

    /// <summary>Requests of the <c>gate</c> behaviour waiting now, and the most that ever waited at once.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    /// <summary>Lets every waiting <c>gate</c> request through (and those that come later), answering the seed's sample.</summary>
    public void OpenGate() => _gate.TrySetResult();

    /// <summary>Closes the gate again for the next requests.</summary>
    public void CloseGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The base URL of one behaviour: <c>seed</c>, <c>fail</c>, <c>garbage</c>, <c>wrongshape</c>, <c>hang</c>,
    /// <c>flaky</c> (500 on every other request, else the seed's sample), <c>gate</c> (the seed's sample once
    /// <see cref="OpenGate"/> is called), or <c>switch</c> (whatever <see cref="Switch"/> names).</summary>
    public string Url(string behaviour) => new Uri(BaseUrl, behaviour).ToString();

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var web = builder.Build();
        Upstream? self = null;
        web.MapGet("/{behaviour}/metrics/{app}", async (string behaviour, string app, HttpContext http) =>
        {
            var hits = self!.Hits.AddOrUpdate(behaviour, 1, (_, n) => n + 1);
            self.TraceParents.Enqueue(http.Request.Headers.TraceParent.ToString());
            switch (behaviour == "switch" ? self.Switch : behaviour)
            {
                case "flaky" when hits % 2 == 1:
                    http.Response.StatusCode = 500;
                    await http.Response.WriteAsync("internal error, once");
                    break;
                case "flaky":
                    http.Response.ContentType = "application/json; charset=UTF-8";
                    await http.Response.WriteAsync(SeedSample);
                    break;
                case "seed" when app == "test-app":
                    http.Response.ContentType = "application/json; charset=UTF-8";
                    await http.Response.WriteAsync(SeedSample);
                    break;
                case "seed":
                    http.Response.StatusCode = 404;
                    await http.Response.WriteAsync("404 page not found");
                    break;
                case "fail":
                    http.Response.StatusCode = 500;
                    await http.Response.WriteAsync("internal error");
                    break;
                case "garbage":
                    http.Response.ContentType = "text/html";
                    await http.Response.WriteAsync("<html><body>Bad gateway</body></html>");
                    break;
                case "wrongshape":
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync("""{"performance_index":{"failRatio":"high"},"app_name":"test-app"}""");
                    break;
                case "hang":
                    await Task.Delay(Timeout.Infinite, http.RequestAborted);
                    break;
                case "gate":
                    var waiting = Interlocked.Increment(ref self._inFlight);
                    InterlockedMax(ref self._mostInFlight, waiting);
                    try
                    {
                        await self._gate.Task.WaitAsync(http.RequestAborted);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref self._inFlight);
                    }
                    http.Response.ContentType = "application/json; charset=UTF-8";
                    await http.Response.WriteAsync(SeedSample);
                    break;
            }
        });
        await web.StartAsync();
        self = new Upstream(web, new Uri(web.Urls.First() + "/"));
        return self;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>A loopback URL where nothing listens: a port that was free a moment ago.</summary>
    public static string NotListening() => $"http://127.0.0.1:{Tool.FreeLoopbackPort()}/api";

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();
}
