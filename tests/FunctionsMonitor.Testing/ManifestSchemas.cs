namespace FunctionsMonitor.Testing;

/// <summary>tests/manifest-schemas/validate.mjs: every object against its published schema, strictly.</summary>
public static class ManifestSchemas
{
    public static string Modules =>
        Environment.GetEnvironmentVariable("MANIFEST_SCHEMAS") ?? Path.Combine(Tool.RepoRoot, ".tools/manifest-schemas");

    /// <summary>Validates YAML streams, each written to a file named after its key.</summary>
    public static ToolResult Validate(IReadOnlyDictionary<string, string> streams) =>
        Tool.WithFiles(streams.ToDictionary(s => s.Key + ".yaml", s => s.Value), directory =>
            Tool.Run("node", ["tests/manifest-schemas/validate.mjs", "--modules", Modules, .. streams.Keys.Select(k => Path.Combine(directory, k + ".yaml"))],
                timeout: TimeSpan.FromMinutes(2)));
}
