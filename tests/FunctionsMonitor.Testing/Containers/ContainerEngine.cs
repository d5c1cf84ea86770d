using System.Net.Http;
using System.Net.Sockets;

namespace FunctionsMonitor.Testing.Containers;

/// <summary>
/// The container engine the image tests use: podman, as scripts/install-test-tools.sh installs it. Where the
/// repository has <c>../shared/container-engine/</c> beside it (CI), its <c>env.sh</c> gives podman the settings these
/// machines need (<c>CONTAINERS_CONF</c>) and its <c>build-standins.sh</c> has made the Dockerfile's two base images
/// locally; elsewhere podman pulls them. Without podman every test that needs it fails, saying so.
/// </summary>
public static class ContainerEngine
{
    /// <summary>The recipe beside the repository, where there is one.</summary>
    public static string SharedFolder => Path.GetFullPath(Path.Combine(Tool.RepoRoot, "..", "shared", "container-engine"));

    /// <summary>Every container, network and Compose project of a test run carries this label (or name) with the test
    /// process's id, so that a later run can remove what a killed one left.</summary>
    public const string RunLabel = "functionsmonitor.tests.pid";

    /// <summary>podman on PATH, or the one <c>PODMAN</c> names.</summary>
    public static string Binary => System.Environment.GetEnvironmentVariable("PODMAN") is { Length: > 0 } given ? given : "podman";

    private static readonly Lazy<Dictionary<string, string?>> Settings = new(() =>
    {
        if (Binary.Contains('/', StringComparison.Ordinal) ? !File.Exists(Binary) : !OnPath(Binary))
            throw new InvalidOperationException(
                "The container engine is missing: podman is not installed, so the image cannot be built or run, nor Compose " +
                "brought up. Run scripts/install-test-tools.sh (it installs podman and docker-compose), or install podman yourself.");
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        var env = Path.Combine(SharedFolder, "env.sh");
        if (File.Exists(env))
        {
            // env.sh is idempotent: it installs nothing that is there and mounts nothing twice.
            var conf = Tool.Run("bash", ["-c", $". '{env}' >/dev/null && printf %s \"$CONTAINERS_CONF\""], timeout: TimeSpan.FromMinutes(5)).Ok();
            settings["CONTAINERS_CONF"] = conf;
        }
        return settings;
    });

    /// <summary>The environment every podman, docker-compose and docker call of the tests gets.</summary>
    public static IReadOnlyDictionary<string, string?> Environment => Settings.Value;

    /// <summary>podman with the tests' settings; a <paramref name="niceness"/> above 0 runs it (and what it starts) at a lower
    /// CPU priority.</summary>
    public static ToolResult Podman(IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null, int niceness = 0)
    {
        var environment = new Dictionary<string, string?>(Settings.Value);
        return niceness > 0
            ? Tool.Run("nice", ["-n", niceness.ToString(System.Globalization.CultureInfo.InvariantCulture), Binary, .. args], workingDirectory, timeout, environment)
            : Tool.Run(Binary, args, workingDirectory, timeout, environment);
    }

    /// <summary>Removes the containers and networks that test runs left behind when their process was killed (their
    /// label names a process that is gone). What a live run owns is left alone.</summary>
    public static void RemoveLeftovers()
    {
        foreach (var line in Podman(["ps", "-a", "--filter", $"label={RunLabel}", "--format", $"{{{{.ID}}}} {{{{index .Labels \"{RunLabel}\"}}}}"]).Ok()
                     .Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[1], out var pid) && !Alive(pid))
                Podman(["rm", "-f", "-t", "0", parts[0]]);
        }
        foreach (var project in Podman(["ps", "-a", "--filter", "label=com.docker.compose.project", "--format", "{{index .Labels \"com.docker.compose.project\"}}"]).Ok()
                     .Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct())
            if (project.StartsWith(ProjectPrefix, StringComparison.Ordinal) && int.TryParse(project[ProjectPrefix.Length..], out var pid) && !Alive(pid))
                RemoveComposeProject(project);
        foreach (var line in Podman(["network", "ls", "--filter", $"label={RunLabel}", "--format", $"{{{{.Name}}}} {{{{index .Labels \"{RunLabel}\"}}}}"]).Ok()
                     .Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[1], out var pid) && !Alive(pid))
                Podman(["network", "rm", "-f", parts[0]]);
        }
    }

    /// <summary>The Compose project of this test run: its containers and network carry its name.</summary>
    public static string ComposeProject => ProjectPrefix + System.Environment.ProcessId;

    private const string ProjectPrefix = "fmtests";

    /// <summary>Removes a Compose project's containers and network (what <c>docker-compose down</c> removes).</summary>
    public static void RemoveComposeProject(string project)
    {
        foreach (var id in Podman(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Podman(["rm", "-f", "-t", "0", id]);
        foreach (var network in Podman(["network", "ls", "-q", "--filter", $"label=com.docker.compose.project={project}"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Podman(["network", "rm", "-f", network]);
    }

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");

    private static bool OnPath(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}
