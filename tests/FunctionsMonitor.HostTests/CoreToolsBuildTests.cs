namespace FunctionsMonitor.HostTests;

/// <summary>
/// Core Tools' own build commands in the fresh copy: <c>func start</c> and <c>func kubernetes deploy</c> run
/// <c>dotnet build --output bin/output</c> in the project folder with no project argument, <c>func pack</c> runs
/// <c>dotnet publish --output …</c>. MSBuild then picks FunctionsMonitor.sln; each command must still give the function
/// app alone, file for file what the app project gives built by itself.
/// </summary>
[Collection(FreshCopyCollection.Name)]
public sealed class CoreToolsBuildTests(FreshCopyFixture copy)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Fact]
    public void Func_starts_build_command_gives_the_app_alone_without_NETSDK1194()
    {
        var solution = Tool.Run("dotnet", ["build", "--output", copy.Out("sln-build"), "-nologo"], copy.Clone, Limit).Ok();
        Tool.Run("dotnet", ["build", "FunctionsMonitor.csproj", "--output", copy.Out("app-build"), "-nologo"], copy.Clone, Limit).Ok();

        Assert.DoesNotContain("NETSDK1194", solution);
        Assert.Equal(copy.Files(copy.Out("app-build")), copy.Files(copy.Out("sln-build")));
        Assert.Contains("FunctionsMonitor.dll", copy.Files(copy.Out("sln-build")));
        Assert.DoesNotContain(copy.Files(copy.Out("sln-build")), f => f.Contains("Tests", StringComparison.Ordinal)
            || f.Contains("Benchmarks", StringComparison.Ordinal) || f.Contains("Playwright", StringComparison.Ordinal));
    }

    [Fact]
    public void Func_packs_publish_command_gives_the_app_alone_without_NETSDK1194()
    {
        var solution = Tool.Run("dotnet", ["publish", "--output", copy.Out("sln-publish"), "-nologo"], copy.Clone, Limit).Ok();
        Tool.Run("dotnet", ["publish", "FunctionsMonitor.csproj", "--output", copy.Out("app-publish"), "-nologo"], copy.Clone, Limit).Ok();

        Assert.DoesNotContain("NETSDK1194", solution);
        Assert.Equal(copy.Files(copy.Out("app-publish")), copy.Files(copy.Out("sln-publish")));
        Assert.Contains("worker.config.json", copy.Files(copy.Out("sln-publish")));
        Assert.Contains(".azurefunctions", copy.Files(copy.Out("sln-publish")));
    }
}
