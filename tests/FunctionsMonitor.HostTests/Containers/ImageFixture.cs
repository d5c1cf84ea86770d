using System.Diagnostics;

namespace FunctionsMonitor.HostTests.Containers;

/// <summary>
/// The image, built once a test run from the unmodified Dockerfile in a fresh copy of the repository's files (as a
/// clone has them), then run as the two Deployments run it: the metrics side and the chart side, each with its rendered
/// Deployment's security context, environment and ports, the chart reaching the metrics side by its Service's name on a
/// network of their own. Everything it starts carries the test process's id and is removed when the run ends, whether
/// the tests passed or not.
/// </summary>
public sealed class ImageFixture : IAsyncLifetime
{
    private readonly string _id = $"{System.Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly List<string> _containers = [];
    private string? _network;
    private DockerApi? _dockerApi;
    private bool _engineReady;

    /// <summary>The fresh copy: the build context, and the folder Compose and Core Tools run in.</summary>
    public string Context { get; } = Path.Combine(Path.GetTempPath(), "functionsmonitor-image-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>This run's tag of the image.</summary>
    public string Image => $"localhost/functionsmonitor-tests:{_id}";

    public TimeSpan BuildTime { get; private set; }

    public RunningContainer Metrics { get; private set; } = null!;

    public RunningContainer Chart { get; private set; } = null!;

    /// <summary>Figures the tests measure, for docs/performance.md: written to TestResults/container-figures.txt too.</summary>
    public static void Report(string line)
    {
        var folder = Path.Combine(Tool.RepoRoot, "tests", "FunctionsMonitor.Tests", "TestResults");
        Directory.CreateDirectory(folder);
        lock (typeof(ImageFixture))
            File.AppendAllText(Path.Combine(folder, "container-figures.txt"), $"{DateTime.UtcNow:O} {line}\n");
    }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // A failed start (a build that fails, a side that never gets ready) removes what it got to at once.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        ContainerEngine.RemoveLeftovers();
        _engineReady = true;
        Directory.CreateDirectory(Context);
        FreshCopyFixture.CopyRepositoryFiles(Context);
        var watch = Stopwatch.StartNew();
        // No intermediate images are kept (--layers=false): a fresh machine has no cache to reuse, and the build stage
        // (the SDK and the restore, about 2 GB) would otherwise stay behind after every run. The build runs at a low
        // CPU priority (nice, which its build containers inherit): it starts with the other collections, whose tests
        // time hosts against bounds (a host that gives up within 45 s, a fetch within its attempt timeout), and takes
        // only the CPU they leave.
        ContainerEngine.Podman(["build", "--pull=missing", "--layers=false", "-t", Image, "-f", "Dockerfile", "."],
            TimeSpan.FromMinutes(10), Context, niceness: 15).Ok();
        BuildTime = watch.Elapsed;
        Report($"image build: {BuildTime.TotalSeconds:F0} s");

        _network = $"functionsmonitor-tests-{_id}";
        ContainerEngine.Podman(["network", "create", "--label", $"{ContainerEngine.RunLabel}={System.Environment.ProcessId}", _network]).Ok();
        Metrics = await StartSideAsync(Side.Metrics);
        Chart = await StartSideAsync(Side.Chart);
    }

    /// <summary>The name the chart side reaches the metrics side by (the metrics Service's, from the chart
    /// Deployment's <c>MetricsService__BaseUrl</c>).</summary>
    private static Uri MetricsServiceUrl => new(Deployments.PodEnvironment(Side.Chart)["MetricsService__BaseUrl"]);

    /// <summary>
    /// <c>podman run</c> of the image with what a side's Deployment gives its pod: user and group, read-only root,
    /// capabilities dropped, no privilege escalation, <c>/tmp</c> as an emptyDir (a tmpfs here) and <c>/dev/shm</c>
    /// (every pod has one), the ConfigMap and the Deployment's <c>env</c>, <c>POD_NAME</c> (the downward API's), and its
    /// container ports published on loopback.
    /// </summary>
    private async Task<RunningContainer> StartSideAsync(Side side)
    {
        var pod = Deployments.PodSpec(side);
        var container = Deployments.DeploymentContainer(side);
        var security = container["securityContext"]!;
        var podSecurity = pod["securityContext"]!;
        var name = $"functionsmonitor-{side.ToString().ToLowerInvariant()}-{_id}";
        var environment = new Dictionary<string, string>(Deployments.PodEnvironment(side), StringComparer.Ordinal) { ["POD_NAME"] = name };
        var network = new List<string> { "--network", _network! };
        if (side == Side.Metrics)
            network.AddRange(["--network-alias", MetricsServiceUrl.Host]);
        else
            // The Service maps its port (80) to the container's http port (8080); on a network of containers there is
            // no Service in between, so the chart calls the container's port under the Service's name.
            environment["MetricsService__BaseUrl"] = new UriBuilder(MetricsServiceUrl) { Port = ContainerPort(Side.Metrics, "http") }.Uri.ToString().TrimEnd('/');

        var args = new List<string> { "run", "-d", "--pull=never", "--name", name, "--label", $"{ContainerEngine.RunLabel}={System.Environment.ProcessId}" };
        args.AddRange(["--user", $"{podSecurity["runAsUser"]}:{podSecurity["runAsGroup"]}"]);
        if (security["readOnlyRootFilesystem"]!.GetValue<bool>())
            args.Add("--read-only");
        foreach (var capability in security["capabilities"]!["drop"]!.AsArray())
            args.Add($"--cap-drop={capability}");
        if (!security["allowPrivilegeEscalation"]!.GetValue<bool>())
            args.AddRange(["--security-opt", "no-new-privileges"]);
        var emptyDirs = pod["volumes"]!.AsArray().Where(v => v!["emptyDir"] is not null).Select(v => v!["name"]!.GetValue<string>()).ToHashSet();
        foreach (var mount in container["volumeMounts"]!.AsArray().Where(m => emptyDirs.Contains(m!["name"]!.GetValue<string>())))
            args.AddRange(["--tmpfs", mount!["mountPath"]!.GetValue<string>()]);
        args.AddRange(["--tmpfs", "/dev/shm"]);
        var published = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var port in container["ports"]!.AsArray())
        {
            var hostPort = Tool.FreeLoopbackPort();
            published[port!["name"]!.GetValue<string>()] = hostPort;
            args.AddRange(["-p", $"127.0.0.1:{hostPort}:{port["containerPort"]}"]);
        }
        args.AddRange(network);
        foreach (var (key, value) in environment)
            args.AddRange(["-e", $"{key}={value}"]);
        args.Add(Image);

        var watch = Stopwatch.StartNew();
        var started = ContainerEngine.Podman(args);
        _containers.Add(name);
        started.Ok();
        var running = new RunningContainer(name, side, published["http"]);
        var startupBudget = StartupBudget(side);
        // The host answers its ping before the worker is ready: the startup probe's path first, then the readiness
        // probe's. A test holds both within the startup probe's budget; here they may take a little longer, to report it.
        running.Alive = await running.WaitForAsync(Probe(side, "startupProbe"), watch, startupBudget + TimeSpan.FromSeconds(15));
        running.Ready = await running.WaitForAsync(Probe(side, "readinessProbe"), watch, startupBudget + TimeSpan.FromSeconds(15));
        running.MemoryAfterStart = running.ResidentMemory();
        Report($"{side}: ready (first 200 on {Probe(side, "readinessProbe")}) {running.Ready.TotalMilliseconds:F0} ms after podman run; " +
               $"resident memory after start: host {running.MemoryAfterStart.Host / 1024} MiB, worker {running.MemoryAfterStart.Worker / 1024} MiB");
        return running;
    }

    /// <summary>A probe's path from the side's Deployment.</summary>
    public static string Probe(Side side, string probe) => Deployments.DeploymentContainer(side)[probe]!["httpGet"]!["path"]!.GetValue<string>();

    /// <summary>How long the kubelet lets a pod start before liveness takes over (and restarts it).</summary>
    public static TimeSpan StartupBudget(Side side)
    {
        var startup = Deployments.DeploymentContainer(side)["startupProbe"]!;
        long Value(string key, long otherwise) => startup[key]?.GetValue<long>() ?? otherwise;
        return TimeSpan.FromSeconds(Value("initialDelaySeconds", 0) + Value("periodSeconds", 10) * Value("failureThreshold", 3));
    }

    private static int ContainerPort(Side side, string name) =>
        (int)Deployments.DeploymentContainer(side)["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["containerPort"]!.GetValue<long>();

    /// <summary>podman's Docker API, started the first time a test asks for it (Compose, the docker CLI).</summary>
    public async Task<DockerApi> DockerApiAsync() => _dockerApi ??= await DockerApi.StartAsync();

    /// <summary>A container this run started besides the two sides (removed at the end like them).</summary>
    public ToolResult RunOnce(params string[] args)
    {
        var name = $"functionsmonitor-once-{_id}-{Guid.NewGuid().ToString("N")[..4]}";
        _containers.Add(name);
        return ContainerEngine.Podman(["run", "--rm", "--pull=never", "--name", name, "--label", $"{ContainerEngine.RunLabel}={System.Environment.ProcessId}", .. args]);
    }

    public async Task DisposeAsync()
    {
        if (!_engineReady)
        {
            // No engine (its absence is the start's failure, named there): nothing was started.
            if (Directory.Exists(Context))
                Directory.Delete(Context, recursive: true);
            return;
        }
        foreach (var name in _containers)
            ContainerEngine.Podman(["rm", "-f", "-t", "0", "--ignore", name]);
        if (_network is not null)
            ContainerEngine.Podman(["network", "rm", "-f", _network]);
        ContainerEngine.RemoveComposeProject(ContainerEngine.ComposeProject);
        if (_dockerApi is not null)
            await _dockerApi.DisposeAsync();
        _dockerApi = null;
        _containers.Clear();
        ContainerEngine.Podman(["rmi", "-f", "--ignore", Image]);
        if (Directory.Exists(Context))
            Directory.Delete(Context, recursive: true);
    }
}
