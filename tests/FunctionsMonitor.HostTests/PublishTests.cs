using System.Text.Json;

namespace FunctionsMonitor.HostTests;

/// <summary>
/// <c>dotnet publish</c> as the Dockerfile runs it (<see cref="PublishedApp"/>: once a test run, the folder every
/// published-output host serves). The host needs <c>worker.config.json</c> and the hidden <c>.azurefunctions/</c>
/// folder: without the latter it starts, finds no functions and answers 404 on every route.
/// </summary>
public sealed class PublishTests
{
    private static async Task<string> Output()
    {
        var published = await PublishedApp.ResultAsync();
        Assert.True(published.Result.ExitCode == 0, published.Result.Output);
        return published.Folder;
    }

    [Fact]
    public async Task Publish_output_keeps_what_the_host_needs_to_find_and_run_the_functions()
    {
        var output = await Output();
        foreach (var file in new[] { "FunctionsMonitor.dll", "host.json", "worker.config.json", "functions.metadata" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing from the publish output");
        var hidden = Path.Combine(output, ".azurefunctions");
        Assert.True(Directory.Exists(hidden) && Directory.EnumerateFiles(hidden, "*.dll").Any(),
            ".azurefunctions/ is missing or empty: the host would find no functions");

        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "worker.config.json"))).RootElement;
        Assert.Equal("FunctionsMonitor.dll", worker.GetProperty("description").GetProperty("defaultWorkerPath").GetString());
        Assert.Equal(ApiContract.Functions.Keys.Order(),
            FunctionMetadata.Parse(File.ReadAllText(Path.Combine(output, "functions.metadata"))).Select(f => f.Name).Order());
    }

    [Fact]
    public async Task Publish_output_is_for_linux_x64_only_and_leaves_local_settings_out()
    {
        var output = await Output();
        Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must not ship");
        var runtimes = Path.Combine(output, "runtimes");
        Assert.False(Directory.Exists(runtimes) && Directory.EnumerateDirectories(runtimes).Any(d => !d.EndsWith("linux-x64")),
            "native assets for other platforms were published");
        Assert.True(File.Exists(Path.Combine(output, "libSkiaSharp.so")), "SkiaSharp's linux-x64 native library is missing");
        var megabytes = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1e6;
        Assert.InRange(megabytes, 5, 40);
    }
}
