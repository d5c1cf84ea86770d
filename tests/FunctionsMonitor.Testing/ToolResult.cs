namespace FunctionsMonitor.Testing;

/// <summary>What a command printed and how it ended.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    /// <summary>The standard output of a command that must succeed; otherwise an error that quotes it.</summary>
    public string Ok() => ExitCode == 0 ? Stdout
        : throw new InvalidOperationException($"{Command} failed ({ExitCode}):\n{Stderr}\n{Stdout}");
}
