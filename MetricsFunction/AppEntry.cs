namespace FunctionsMonitor.MetricsFunction;

public sealed class AppEntry
{
    public string Name { get; set; } = "";
    public string Domain { get; set; } = "";
}
