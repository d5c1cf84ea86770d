namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>A fresh copy of the repository's files, as a clone has them (tracked, and new ones not ignored, so that
/// an uncommitted change is tested too), for the tests of what a new user runs first.</summary>
public sealed class FreshCopyFixture : IDisposable
{
    public FreshCopyFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "functionsmonitor-fresh-" + Guid.NewGuid().ToString("N")[..8]);
        Clone = Path.Combine(Root, "clone");
        CopyRepositoryFiles(Clone);
    }

    /// <summary>Copies the files a clone has (tracked, and new ones not ignored) into <paramref name="folder"/>.</summary>
    public static void CopyRepositoryFiles(string folder)
    {
        var files = Tool.Run("git", ["ls-files", "--cached", "--others", "--exclude-standard"]).Ok()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Path.Combine(Tool.RepoRoot, f)));
        foreach (var file in files)
        {
            var target = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Tool.RepoRoot, file), target);
        }
    }

    public string Root { get; }

    /// <summary>The copy itself: the folder a user runs <c>func start</c> in.</summary>
    public string Clone { get; }

    public string Out(string name) => Path.Combine(Root, name);

    /// <summary>Every file and folder under an output, relative, sorted.</summary>
    public IReadOnlyList<string> Files(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
