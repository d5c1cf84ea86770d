using System.Net;

namespace FunctionsMonitor.HostTests;

/// <summary>Inside a memory cgroup of a chart pod's limit, bodies sent at once that once took the host down.</summary>
public sealed class MemoryLimitTests
{
    [Fact]
    public async Task Inside_512_MiB_six_99_MB_bodies_at_once_leave_the_host_serving()
    {
        using var cgroup = MemoryCgroup.Create(512L * 1024 * 1024, "bodies");
        await using var host = await AppHost.StartPublishedAsync("bodies", Side.Chart, memoryCgroup: cgroup);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            RawHttp.SendBodyAsync(host.BaseUrl, "GET", "/api/healthz", 99L * 1024 * 1024)));

        Assert.All(answers, a => Assert.Equal(500, a.Status)); // the host's refusal, before reading (RequestEdgeTests)
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/chart?app=functions-monitor")).StatusCode); // in-process
        Assert.False(host.Process.HasExited, host.Process.Tail());
        Assert.Equal(0, cgroup.OomKills);
        Assert.True(cgroup.PeakMebibytes < 400, $"host and worker peaked at {cgroup.PeakMebibytes:0} MiB of 512");
    }
}
