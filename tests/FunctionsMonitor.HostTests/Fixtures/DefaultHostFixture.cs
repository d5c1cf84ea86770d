namespace FunctionsMonitor.HostTests.Fixtures;

/// <summary>
/// The published app in the image's host with every function, the manifests' settings and a catalogue of three apps
/// (the ConfigMap's <c>test-app</c>, then <c>shop</c> and <c>billing</c>, whose domain is markup that must stay text).
/// Started once for every test class of the <see cref="DefaultHostCollection"/>.
/// </summary>
public sealed class DefaultHostFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> Catalogue = new Dictionary<string, string?>
    {
        ["Metrics__Apps__1__Name"] = "shop",
        ["Metrics__Apps__1__Domain"] = "shop.example.com",
        ["Metrics__Apps__2__Name"] = "billing",
        ["Metrics__Apps__2__Domain"] = "</script><b>billing</b>",
    };

    public AppHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AppHost.StartPublishedAsync("default", Side.All, Catalogue);

    public Task DisposeAsync() => Disposal.AllAsync(Host);
}
