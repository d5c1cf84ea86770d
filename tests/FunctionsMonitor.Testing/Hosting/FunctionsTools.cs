namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// The real Functions tools the tests start the app with: Core Tools' <c>func</c> on PATH, as a user installs it from
/// the README; else the build of Core Tools and the standalone host beside the repository, which
/// <c>scripts/install-test-tools.sh</c> unpacks into <c>.tools/functions-tools/</c> (CI and machines that cannot
/// download Core Tools). The standalone host is what the image runs (<c>/azure-functions-host</c>); where only Core
/// Tools is installed, <c>func host start</c> serves the published output instead.
/// </summary>
public static class FunctionsTools
{
    /// <summary>Where scripts/install-test-tools.sh unpacks the copy beside the repository.</summary>
    public static string Unpacked => Path.Combine(Tool.RepoRoot, ".tools", "functions-tools");

    private static readonly Lazy<string> FuncPath = new(() =>
        Runs(OnPath("func")) ?? Existing(Path.Combine(Unpacked, "bin", "func")) ?? throw new InvalidOperationException(
            "Azure Functions Core Tools (func) is not installed. Install it as the README says " +
            "(npm install -g azure-functions-core-tools@4 --unsafe-perm true), or run scripts/install-test-tools.sh, " +
            "which unpacks ../shared/functions-tools/ where that folder exists."));

    /// <summary>Core Tools: <c>func start</c>, <c>func host start</c>.</summary>
    public static string Func => FuncPath.Value;

    /// <summary>The standalone host's launcher (<c>functions-host SCRIPT_ROOT PORT</c>), where the unpacked copy has it.</summary>
    public static string? StandaloneHost => Existing(Path.Combine(Unpacked, "bin", "functions-host"));

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    /// <summary>The path, when <c>func --version</c> answers there: a failed <c>npm install -g azure-functions-core-tools</c>
    /// (its binaries could not download) leaves links on PATH to files that do not exist.</summary>
    private static string? Runs(string? path)
    {
        if (path is null)
            return null;
        try
        {
            return Tool.Run(path, ["--version"], timeout: TimeSpan.FromSeconds(60)).ExitCode == 0 ? path : null;
        }
        catch (InvalidOperationException)
        {
            return null; // it could not even be started
        }
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
