namespace FunctionsMonitor.HostTests;

/// <summary>scripts/install-test-tools.sh as a new user meets it after a failed <c>npm install -g
/// azure-functions-core-tools@4</c>, which leaves a <c>func</c> launcher on PATH whose binaries never arrived. It runs in a copy of
/// the script with ../shared beside it, so that it unpacks into a .tools/ of its own, not the one the other tests'
/// hosts run from.</summary>
public sealed class InstallScriptTests
{
    [Fact]
    public void A_func_on_PATH_that_does_not_run_is_named_and_the_copy_beside_the_repository_is_used_instead()
    {
        var result = Tool.WithFiles(new Dictionary<string, string>(), folder =>
        {
            var repo = Path.Combine(folder, "repo");
            Directory.CreateDirectory(Path.Combine(repo, "scripts"));
            File.Copy(Path.Combine(Tool.RepoRoot, "scripts", "install-test-tools.sh"), Path.Combine(repo, "scripts", "install-test-tools.sh"));
            Directory.CreateSymbolicLink(Path.Combine(folder, "shared"), Path.GetFullPath(Path.Combine(Tool.RepoRoot, "..", "shared")));
            var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
            // What npm's launcher does when its download failed: it starts, and cannot find what it should run.
            var func = Path.Combine(bin, "func");
            File.WriteAllText(func, "#!/bin/sh\necho \"spawn /usr/lib/node_modules/azure-functions-core-tools/bin/func ENOENT\" >&2\nexit 1\n");
            Tool.Run("chmod", ["+x", func]).Ok();
            return Tool.Run("bash", [Path.Combine(repo, "scripts", "install-test-tools.sh"), "--core-tools-only"], timeout: TimeSpan.FromMinutes(2),
                environment: new Dictionary<string, string?> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" });
        });

        result.Ok();
        Assert.Contains("does not run (func --version failed: spawn /usr/lib/node_modules/azure-functions-core-tools/bin/func ENOENT)", result.Stdout);
        Assert.Contains("func from ../shared/functions-tools", result.Stdout);
    }
}
