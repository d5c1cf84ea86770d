
namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>What the fixtures whose hosts chart a real metrics upstream on 127.0.0.1 share: the upstream, started before
/// the hosts that call it and stopped after them.</summary>
public abstract class UpstreamFixture : IAsyncLifetime
{
    public Upstream Upstream { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await Upstream.StartAsync();
        await StartHostsAsync();
    }

    /// <summary>Starts what calls <see cref="Upstream"/>.</summary>
    protected abstract Task StartHostsAsync();

    /// <summary>What <see cref="StartHostsAsync"/> started, in the order to stop it (a failed start leaves the rest
    /// unset).</summary>
    protected abstract IAsyncDisposable?[] Started { get; }

    public virtual Task DisposeAsync() => Disposal.AllAsync([.. Started, Upstream]);
}
