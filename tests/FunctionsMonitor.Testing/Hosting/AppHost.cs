using System.Collections;
using System.Globalization;
using System.Net;

namespace FunctionsMonitor.Testing.Hosting;

/// <summary>
/// The app in a real Functions host on a free loopback port, with settings given as environment variables, the way a
/// pod or <c>local.settings.json</c> gives them:
/// <list type="bullet">
/// <item><see cref="StartPublishedAsync"/>: the published output (<see cref="PublishedApp"/>, as the Dockerfile
/// publishes it) with the Dockerfile's and the manifests' environment, in the standalone host the image runs, or in
/// <c>func host start</c> where only Core Tools is installed;</item>
/// <item><see cref="StartCoreToolsAsync"/>: <c>func start</c> in a folder, exactly as the README says.</item>
/// </list>
/// Each host has its own HOME (as pods have <c>HOME=/tmp</c>) and a Prometheus port of its own, so its counters can
/// be read. Disposing stops the host and its worker.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    /// <summary>Settings a machine might carry that would change what a test host does; never inherited.</summary>
    private static readonly string[] NotInherited =
    [
        "Metrics__", "MetricsService__", "Chart__", "Observability__", "OTEL_", "AzureFunctionsJobHost__", "AzureWebJobs",
        "FUNCTIONS_", "ASPNETCORE_", "POD_NAME", "CONTAINER_NAME", "WEBSITE_",
    ];

    private readonly string? _home;

    private AppHost(HostProcess process, int port, int metricsPort, string? home, string kind)
    {
        Process = process;
        Port = port;
        MetricsPort = metricsPort;
        _home = home;
        Kind = kind;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, AllowAutoRedirect = false })
        {
            BaseAddress = BaseUrl,
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public HostProcess Process { get; }

    public int Port { get; }

    /// <summary>The worker's Prometheus scrape port (<c>Observability__PrometheusPort</c>).</summary>
    public int MetricsPort { get; }

    /// <summary>Which host runs it: "standalone host", "func host start" or "func start".</summary>
    public string Kind { get; }

    /// <summary><c>http://127.0.0.1:port/</c>: append <c>api/…</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The URL the chart reaches this host's metrics functions by: <c>http://127.0.0.1:port/api</c>.</summary>
    public string ApiUrl => new Uri(BaseUrl, "api").ToString();

    public HttpClient Http { get; }

    public string Log => Process.Log;

    /// <summary>The published app with a side's environment and <paramref name="settings"/> on top (a null value
    /// removes a setting), ready when <c>/api/healthz</c> answers 200 unless <paramref name="waitUntilReady"/> is false;
    /// inside <paramref name="memoryCgroup"/> when given (host and worker then share its limit, as in a pod).</summary>
    public static async Task<AppHost> StartPublishedAsync(string name, Side side = Side.All,
        IReadOnlyDictionary<string, string?>? settings = null, bool waitUntilReady = true, MemoryCgroup? memoryCgroup = null)
    {
        var folder = await PublishedApp.FolderAsync();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in Deployments.ImageEnvironment())
            environment[key] = value;
        foreach (var (key, value) in Deployments.PodEnvironment(side))
            environment[key] = value;
        var port = Tool.FreeLoopbackPort();
        string file;
        string[] args;
        string kind;
        if (FunctionsTools.StandaloneHost is { } standalone)
            (file, args, kind) = (standalone, [folder, port.ToString(CultureInfo.InvariantCulture)], "standalone host");
        else
            // Core Tools alone serves a published folder too; --enableAuth keeps /admin behind its keys, as in the image.
            (file, args, kind) = (FunctionsTools.Func, ["host", "start", "--port", port.ToString(CultureInfo.InvariantCulture), "--enableAuth"], "func host start");
        return await StartAsync(name, file, args, folder, port, kind, environment, settings, waitUntilReady, TimeSpan.FromSeconds(90),
            ownHome: true, memoryCgroup?.Path);
    }

    /// <summary><c>func start --port P</c> in <paramref name="folder"/> as a user runs it (Core Tools builds first; the
    /// user's HOME, where the build's packages are), or <paramref name="command"/> with <c>--port P</c> appended, e.g.
    /// <c>func start --no-build</c> or <c>dotnet run --</c>.</summary>
    public static Task<AppHost> StartCoreToolsAsync(string name, string folder, IReadOnlyDictionary<string, string?>? settings = null,
        string[]? command = null)
    {
        var port = Tool.FreeLoopbackPort();
        string[] line = command ?? [FunctionsTools.Func, "start"];
        return StartAsync(name, line[0], [.. line[1..], "--port", port.ToString(CultureInfo.InvariantCulture)],
            folder, port, string.Join(' ', line.Select(Path.GetFileName)), new Dictionary<string, string?>(), settings,
            waitUntilReady: true, TimeSpan.FromMinutes(4), ownHome: false);
    }

    private static async Task<AppHost> StartAsync(string name, string file, string[] args, string folder, int port, string kind,
        Dictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? settings, bool waitUntilReady, TimeSpan patience,
        bool ownHome, string? cgroup = null)
    {
        var metricsPort = Tool.FreeLoopbackPort();
        var all = Inherited();
        foreach (var (key, value) in environment)
            all[key] = value;
        string? home = null;
        if (ownHome)
        {
            home = Path.Combine(Path.GetTempPath(), $"functionsmonitor-home-{name}-{Guid.NewGuid():N}"[..^16]);
            Directory.CreateDirectory(home);
            all["HOME"] = home;
        }
        all["Observability__PrometheusPort"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        if (all.TryGetValue("Observability__PrometheusPort", out var given) && int.TryParse(given, CultureInfo.InvariantCulture, out var p))
            metricsPort = p;

        var host = new AppHost(HostProcess.Start(file, args, folder, all, name, cgroup), port, metricsPort, home, kind);
        if (!waitUntilReady)
            return host;
        try
        {
            await host.WaitUntilReadyAsync(patience);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string?> Inherited()
    {
        var inherited = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (!NotInherited.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                inherited[key] = (string?)e.Value;
        }
        return inherited;
    }

    /// <summary>Until <c>/api/healthz</c> answers 200; fails with the host's log when the host exits or time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan patience)
    {
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        // null once it answered 200; else what it last answered
        var last = await Poll.UntilAsync<string?>(async () =>
        {
            if (Process.HasExited)
                throw new InvalidOperationException($"The {Kind} exited ({Process.ExitCode}) before /api/healthz answered 200.\n{Process.Tail()}");
            try
            {
                using var response = await probe.GetAsync("api/healthz");
                return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return e.Message;
            }
        }, answer => answer is null, patience.TotalSeconds, intervalSeconds: 0.2);
        if (last is null)
            return;
        throw new TimeoutException($"The {Kind} did not answer /api/healthz with 200 within {patience.TotalSeconds} s (last: {last}).\n{Process.Tail()}");
    }

    /// <summary>The worker's Prometheus scrape, as text.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");
    }

    /// <summary>The sum of a series' samples in a scrape whose labels include every one of <paramref name="labels"/>
    /// (e.g. <c>faas_name="ChartFunction"</c>); 0 when none.</summary>
    public async Task<double> CounterAsync(string series, params string[] labels) =>
        PrometheusText.Sum(await ScrapeAsync(), series, labels);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        try
        {
            if (_home is not null)
                Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // a file still being written as the host stopped: the temp folder is the system's to clean
        }
    }
}
