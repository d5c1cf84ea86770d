namespace FunctionsMonitor.Settings;

/// <summary>Bad settings, every one of them, by key.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception("FunctionsMonitor cannot start: " + (problems.Count == 1 ? "a setting is" : $"{problems.Count} settings are")
        + " wrong. Change them and start again:" + string.Concat(problems.Select(p => "\n  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
