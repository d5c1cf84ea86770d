using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunctionsMonitor.Testing;

/// <summary>
/// A real metrics upstream on 127.0.0.1 that behaves as told: the Go seed (its exact sample), a 500, a body
/// that is not JSON, JSON of the wrong shape, or a hang; and as a hostile or broken one would: a body that drips, a
/// sample whose host is huge or holds control characters, a Retry-After, a redirect. Counts the requests it gets.
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

    /// <summary>The <c>host</c> of the <c>host</c> behaviour's sample.</summary>
    public string SampleHost { get; set; } = "metrics-pod-1";

    /// <summary>Where the <c>redirect</c> behaviour sends the client, and with which status.</summary>
    public (int Status, string Location) Redirect { get; set; } = (302, "file:///etc/passwd");

    /// <summary>The <c>Retry-After</c> of the <c>busy</c> behaviour (seconds), and its status (503 or 429).</summary>
    public (int Status, int Seconds) Busy { get; set; } = (503, 3600);

    /// <summary>When the <c>drip</c> behaviour sent its headers, and the bytes of its body it sent so far.</summary>
    public int Dripped => Volatile.Read(ref _dripped);

    private int _dripped;

    /// <summary>The base URL of one behaviour: <c>seed</c>, <c>fail</c>, <c>garbage</c>, <c>wrongshape</c>, <c>hang</c>,
    /// <c>flaky</c> (500 on every other request, else the seed's sample), <c>big</c> and <c>bigchunked</c> (100 MiB of
    /// body, with a length and without), or <c>switch</c> (whatever <see cref="Switch"/> names).</summary>
    public string Url(string behaviour) => new Uri(BaseUrl, behaviour).ToString();

    public static async Task<Upstream> StartAsync()
    {
        var web = Loopback.WebApplication();
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
                    await Poll.ForeverAsync(http.RequestAborted);
                    break;
                case "same": // the seed's sample whatever the app: two apps whose service answers alike
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync(SeedSample);
                    break;
                case "host":
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync(SampleWithHost(self.SampleHost));
                    break;
                case "busy":
                    http.Response.StatusCode = self.Busy.Status;
                    http.Response.Headers.RetryAfter = self.Busy.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await http.Response.WriteAsync("busy, come back later");
                    break;
                case "busyonce" when hits % 2 == 1: // a short Retry-After, then the sample: within the budget, waited for
                    http.Response.StatusCode = 503;
                    http.Response.Headers.RetryAfter = "1";
                    break;
                case "busyonce":
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync(SeedSample);
                    break;
                case "redirect":
                    http.Response.StatusCode = self.Redirect.Status;
                    http.Response.Headers.Location = self.Redirect.Location;
                    break;
                case "big": // a 100 MiB body that says its length
                case "bigchunked": // the same without a length, in chunks
                    http.Response.ContentType = "application/json";
                    if (behaviour == "big" || self.Switch == "big")
                        http.Response.ContentLength = 100L * 1024 * 1024;
                    var megabyte = new byte[1024 * 1024];
                    try
                    {
                        for (var i = 0; i < 100; i++)
                            await http.Response.Body.WriteAsync(megabyte, http.RequestAborted);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException)
                    {
                        // the client stopped reading: what the tests expect
                    }
                    break;
                case "drip": // the headers at once, then one byte of the body a second
                    http.Response.ContentType = "application/json";
                    http.Response.ContentLength = 100_000;
                    await http.Response.StartAsync(http.RequestAborted);
                    using (var every = new PeriodicTimer(TimeSpan.FromSeconds(1)))
                    {
                        do
                        {
                            await http.Response.Body.WriteAsync(" "u8.ToArray(), http.RequestAborted);
                            await http.Response.Body.FlushAsync(http.RequestAborted);
                            Interlocked.Increment(ref self._dripped);
                        }
                        while (await every.WaitForNextTickAsync(http.RequestAborted));
                    }
                    break;
            }
        });
        await web.StartAsync();
        self = new Upstream(web, new Uri(web.Urls.First() + "/"));
        return self;
    }

    /// <summary>The seed's sample with another host, written by a JSON writer: control characters arrive escaped, as a
    /// real service's JSON library would send them, and come out of the parser as themselves.</summary>
    public static string SampleWithHost(string host)
    {
        var sample = System.Text.Json.Nodes.JsonNode.Parse(SeedSample)!;
        sample["host"] = host;
        return sample.ToJsonString();
    }

    /// <summary>A loopback URL where nothing listens: a port that was free a moment ago.</summary>
    public static string NotListening() => $"http://127.0.0.1:{Tool.FreeLoopbackPort()}/api";

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();
}
