using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace FunctionsMonitor.Tests;

/// <summary>
/// The flood runs in a fresh process (this test assembly started with <c>flood</c>), so that the peak working set
/// it reports is the app's under the flood, not what earlier tests left in the test runner's process.
/// </summary>
public sealed class BackPressureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_flood_of_500_uncached_charts_gets_200s_and_503s_with_Retry_After_in_bounded_memory_and_then_serves_normally()
    {
        var start = new ProcessStartInfo("dotnet", [typeof(BackPressureTests).Assembly.Location, Flood.Argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.True(child.ExitCode == 0, $"the flood process failed ({child.ExitCode}): {await stderr}\n{await stdout}");
        var result = JsonSerializer.Deserialize<Flood.Result>((await stdout).Trim().Split('\n')[^1])!;
        output.WriteLine($"flood: {result.Ok} rendered (200), {result.Refused} refused (503 + Retry-After: 1), " +
            $"peak working set {result.PeakMegabytes:0} MB, then {result.After}");

        Assert.Equal(500, result.Ok + result.Refused);
        Assert.True(result.Ok >= Environment.ProcessorCount, $"only {result.Ok} rendered");
        Assert.True(result.Refused > 0, "nothing was refused: the queue is not bounded");
        Assert.Empty(result.Errors);
        Assert.True(result.PeakMegabytes < 300, $"peak working set {result.PeakMegabytes:0} MB");
        Assert.Equal((int)HttpStatusCode.OK, result.After);
    }
}

/// <summary>The flood itself: 500 concurrent uncached chart requests against the app as Program.cs wires it.</summary>
internal static class Flood
{
    public const string Argument = "flood";

    public sealed record Result(int Ok, int Refused, string[] Errors, double PeakMegabytes, int After);

    public static async Task<Result> RunAsync()
    {
        await using var app = await TestApp.StartAsync();
        // 500 different sizes: every request misses the cache and needs a render.
        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => app.ChartAsync($"?width={320 + i * 3}&height={200 + i}")));

        var errors = new List<string>();
        foreach (var r in responses)
        {
            try
            {
                if (r.StatusCode == HttpStatusCode.OK)
                    Images.Decode(r.BodyBytes).Dispose();
                else if (r.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Problems.Assert(r, HttpStatusCode.ServiceUnavailable);
                    Assert.Equal("1", r.Header("Retry-After"));
                }
                else
                    errors.Add($"status {(int)r.StatusCode}: {r.BodyText}");
            }
            catch (Exception e)
            {
                errors.Add(e.Message);
            }
        }
        using var process = Process.GetCurrentProcess();
        var after = await app.ChartAsync();
        return new Result(
            responses.Count(r => r.StatusCode == HttpStatusCode.OK),
            responses.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable),
            errors.Distinct().ToArray(),
            process.PeakWorkingSet64 / 1024.0 / 1024.0,
            (int)after.StatusCode);
    }
}

/// <summary>The test assembly's entry point: nothing for the test host, the flood when asked.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not [Flood.Argument])
            return 0;
        try
        {
            Console.WriteLine(JsonSerializer.Serialize(await Flood.RunAsync()));
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }
}
