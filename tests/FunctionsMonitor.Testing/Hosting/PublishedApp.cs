namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// The app published once per test run by <c>scripts/publish.sh</c>, as the Dockerfile publishes it, from the working
/// tree; every published-output host serves this folder, and it is deleted when the test run ends.
/// </summary>
public static class PublishedApp
{
    /// <summary>A folder published already, handed to another process of this test run (it then publishes nothing).</summary>
    public const string FolderVariable = "FUNCTIONSMONITOR_TESTS_PUBLISHED";

    private static readonly Lazy<Task<Published>> Once = new(() =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } given
            ? Task.FromResult(new Published(given, new ToolResult("(published by the parent test process)", 0, "", "")))
            : Task.Run(Publish));

    public sealed record Published(string Folder, ToolResult Result);

    /// <summary>The publish command's result; the folder exists only when it succeeded.</summary>
    public static Task<Published> ResultAsync() => Once.Value;

    /// <summary>The published folder; fails with the publish log when publishing failed.</summary>
    public static async Task<string> FolderAsync()
    {
        var published = await ResultAsync();
        published.Result.Ok();
        return published.Folder;
    }

    private static Published Publish()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"functionsmonitor-published-{Environment.ProcessId}-{Guid.NewGuid():N}"[..^16]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        };
        var result = Tool.Run("bash", [Path.Combine(Tool.RepoRoot, "scripts", "publish.sh"), Path.Combine(Tool.RepoRoot, "FunctionsMonitor.csproj"), folder],
            timeout: TimeSpan.FromMinutes(5));
        return new Published(folder, result);
    }
}
