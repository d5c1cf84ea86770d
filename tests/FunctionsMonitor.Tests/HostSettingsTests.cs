using System.Text.Json.Nodes;

namespace FunctionsMonitor.Tests;

/// <summary>
/// What the host reads from its environment rather than from <c>host.json</c>, set once: the Dockerfile's <c>ENV</c>
/// for the image (so every Deployment and Compose service has it) and <c>local.settings.json</c> for <c>func start</c>,
/// equal, and nothing that runs the image setting it otherwise.
/// </summary>
public sealed class HostSettingsTests
{
    private const string BodyLimit = "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT";

    [Fact]
    public void The_body_limit_is_the_same_for_the_image_and_func_start_and_nothing_overrides_it()
    {
        var image = Deployments.ImageEnvironment();
        var local = JsonNode.Parse(File.ReadAllText(Path.Combine(Tool.RepoRoot, "local.settings.json")))!["Values"]!;

        Assert.Equal("4096", image[BodyLimit]);
        Assert.Equal(image[BodyLimit], local[BodyLimit]!.GetValue<string>());
        foreach (var side in new[] { Side.All, Side.Metrics, Side.Chart })
            Assert.False(Deployments.PodEnvironment(side).ContainsKey(BodyLimit), $"the {side} pods set {BodyLimit} themselves");
        Assert.DoesNotContain(BodyLimit, File.ReadAllText(Path.Combine(Tool.RepoRoot, "compose.yaml")));
    }
}
