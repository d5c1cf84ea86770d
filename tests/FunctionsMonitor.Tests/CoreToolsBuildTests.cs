namespace FunctionsMonitor.Tests;

/// <summary>
/// Core Tools' own build commands, in a fresh copy of the repository's files: <c>func start</c> and
/// <c>func kubernetes deploy</c> run <c>dotnet build --output bin/output</c> in the project folder with no project
/// argument, <c>func pack</c> runs <c>dotnet publish --output …</c>. MSBuild then picks FunctionsMonitor.sln; each
/// command must still give the function app alone, file for file what the app project gives built by itself.
/// </summary>
public sealed class CoreToolsBuildFixture : IDisposable
{
    public CoreToolsBuildFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "functionsmonitor-coretools-" + Guid.NewGuid().ToString("N")[..8]);
        var source = Path.Combine(Root, "clone");
        // The files a clone has: tracked ones, and new ones not ignored (so that an uncommitted change is tested too).
        var files = Tool.Run("git", ["ls-files", "--cached", "--others", "--exclude-standard"]).Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(Tool.RepoRoot, f)));
        foreach (var file in files)
        {
            var target = Path.Combine(source, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Tool.RepoRoot, file), target);
        }

        var limit = TimeSpan.FromMinutes(4);
        SolutionBuild = Tool.Run("dotnet", ["build", "--output", Out("sln-build"), "-nologo"], source, limit);
        AppBuild = Tool.Run("dotnet", ["build", "FunctionsMonitor.csproj", "--output", Out("app-build"), "-nologo"], source, limit);
        SolutionPublish = Tool.Run("dotnet", ["publish", "--output", Out("sln-publish"), "-nologo"], source, limit);
        AppPublish = Tool.Run("dotnet", ["publish", "FunctionsMonitor.csproj", "--output", Out("app-publish"), "-nologo"], source, limit);
    }

    public string Root { get; }

    public ToolResult SolutionBuild { get; }
    public ToolResult AppBuild { get; }
    public ToolResult SolutionPublish { get; }
    public ToolResult AppPublish { get; }

    public string Out(string name) => Path.Combine(Root, name);

    /// <summary>Every file and folder under an output, relative, sorted.</summary>
    public IReadOnlyList<string> Files(string name) =>
        Directory.EnumerateFileSystemEntries(Out(name), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Out(name), f)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}

public sealed class CoreToolsBuildTests(CoreToolsBuildFixture build) : IClassFixture<CoreToolsBuildFixture>
{
    [Fact]
    public void Func_starts_build_command_gives_the_app_alone_without_NETSDK1194()
    {
        build.SolutionBuild.Ok();
        build.AppBuild.Ok();

        Assert.DoesNotContain("NETSDK1194", build.SolutionBuild.Output);
        Assert.Equal(build.Files("app-build"), build.Files("sln-build"));
        Assert.Contains("FunctionsMonitor.dll", build.Files("sln-build"));
        Assert.DoesNotContain(build.Files("sln-build"), f => f.Contains("Tests", StringComparison.Ordinal)
            || f.Contains("Benchmarks", StringComparison.Ordinal) || f.Contains("Playwright", StringComparison.Ordinal));
    }

    [Fact]
    public void Func_packs_publish_command_gives_the_app_alone_without_NETSDK1194()
    {
        build.SolutionPublish.Ok();
        build.AppPublish.Ok();

        Assert.DoesNotContain("NETSDK1194", build.SolutionPublish.Output);
        Assert.Equal(build.Files("app-publish"), build.Files("sln-publish"));
        Assert.Contains("worker.config.json", build.Files("sln-publish"));
        Assert.Contains(".azurefunctions", build.Files("sln-publish"));
    }
}
