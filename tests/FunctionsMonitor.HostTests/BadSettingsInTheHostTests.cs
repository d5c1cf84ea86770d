using System.Diagnostics;
using System.Net;

namespace FunctionsMonitor.HostTests;

/// <summary>Bad settings as a user meets them: in the real host.</summary>
public sealed class BadSettingsInTheHostTests
{
    [Fact]
    public async Task Every_bad_setting_is_in_the_hosts_log_by_its_key_no_route_answers_200_and_the_host_gives_up_soon()
    {
        var clock = Stopwatch.StartNew();
        await using var host = await AppHost.StartPublishedAsync("bad-settings", Side.All, new Dictionary<string, string?>
        {
            ["Metrics__BucketSeconds"] = "0",
            ["MetricsService__BaseUrl"] = "notaurl",
            ["Chart__MaxQueuedRenders"] = "-4",
            ["Metrics__DefaultApp"] = "nope",
        }, waitUntilReady: false);

        var answers = new List<int>();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using var response = await host.Http.GetAsync("api/metrics", patience.Token);
                answers.Add((int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    Assert.Contains("Metrics__BucketSeconds", await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or any more
            }
            return host.Process.HasExited;
        }, exited => exited, seconds: 90 - clock.Elapsed.TotalSeconds, intervalSeconds: 0.25);
        var gaveUp = clock.Elapsed;

        Assert.True(host.Process.HasExited, $"the host still runs after {gaveUp.TotalSeconds:0} s:\n{host.Process.Tail()}");
        Assert.DoesNotContain(200, answers);
        var log = host.Log;
        var reports = log.Split("FunctionsMonitor cannot start: 4 settings are wrong.").Length - 1;
        Assert.True(reports >= 1, "the host's log has no report of the settings:\n" + host.Process.Tail());
        foreach (var key in new[] { "Metrics__BucketSeconds is 0", "MetricsService__BaseUrl is 'notaurl'", "Chart__MaxQueuedRenders is -4", "Metrics__DefaultApp is 'nope'" })
            Assert.Equal(reports, log.Split(key).Length - 1); // once in each report: one report a worker start
        Assert.DoesNotContain("Unhandled exception", log); // a message, not a crash with a stack trace
        Assert.DoesNotContain("at FunctionsMonitor.", log);
        Assert.True(gaveUp < TimeSpan.FromSeconds(45), $"the host took {gaveUp.TotalSeconds:0} s to give up");
    }
}
