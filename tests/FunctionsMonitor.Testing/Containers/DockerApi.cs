using System.Net.Sockets;

namespace FunctionsMonitor.Testing.Containers;

/// <summary>podman's Docker API on a socket of this test run (<c>podman system service</c>), for the clients that speak
/// Docker's API: docker-compose and the docker CLI (through <c>DOCKER_HOST</c>). It runs as a host process does, in a
/// session that ends with the test process.</summary>
public sealed class DockerApi : IAsyncDisposable
{
    private readonly HostProcess _service;

    private DockerApi(HostProcess service, string socket)
    {
        _service = service;
        Socket = socket;
    }

    public string Socket { get; }

    /// <summary><c>unix:///…</c>, for DOCKER_HOST.</summary>
    public string Address => "unix://" + Socket;

    public static async Task<DockerApi> StartAsync()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"functionsmonitor-podman-{System.Environment.ProcessId}.sock");
        File.Delete(socket);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME"),
        };
        foreach (var (key, value) in ContainerEngine.Environment)
            environment[key] = value;
        var service = HostProcess.Start(ContainerEngine.Binary, ["system", "service", "--time=0", "unix://" + socket], Tool.RepoRoot, environment, "podman-service");
        var api = new DockerApi(service, socket);
        try
        {
            await api.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until the API answers its ping.</summary>
    private async Task WaitUntilAnsweringAsync(TimeSpan patience)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellation) =>
            {
                var s = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(Socket), cancellation);
                return new NetworkStream(s, ownsSocket: true);
            },
        }) { Timeout = TimeSpan.FromSeconds(5) };
        var last = "no socket";
        var answered = await Poll.UntilAsync(async () =>
        {
            if (_service.HasExited)
                throw new InvalidOperationException($"podman system service exited ({_service.ExitCode}).\n{_service.Tail()}");
            try
            {
                return (await http.GetAsync("http://podman/_ping")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
            {
                last = e.Message;
                return false;
            }
        }, ok => ok, patience.TotalSeconds);
        if (answered)
            return;
        throw new TimeoutException($"podman's Docker API did not answer on {Socket} within {patience.TotalSeconds} s ({last}).\n{_service.Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        File.Delete(Socket);
    }
}
