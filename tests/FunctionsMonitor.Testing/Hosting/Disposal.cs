namespace FunctionsMonitor.Testing.Hosting;

/// <summary>How the fixtures stop what they started, in order: whatever their start got to (a failed start leaves the
/// rest unset).</summary>
public static class Disposal
{
    public static async Task AllAsync(params IAsyncDisposable?[] started)
    {
        foreach (var item in started)
            if (item is not null)
                await item.DisposeAsync();
    }
}
