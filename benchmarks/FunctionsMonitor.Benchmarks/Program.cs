using BenchmarkDotNet.Running;
using FunctionsMonitor.Benchmarks;

// `dotnet run -c Release --project benchmarks/FunctionsMonitor.Benchmarks -- --filter '*'` runs the BenchmarkDotNet
// suites; `-- coldstart` measures a fresh process's time to its first chart (see ColdStart.cs); `-- sizes` prints
// bytes per image; `-- serve [port]` serves the functions through the tests' HTTP adapter (not the Functions host).
return args switch
{
    [ColdStart.Command, ..] => await ColdStart.RunAsync(args[1..]),
    [ColdStart.ChildCommand, ..] => await ColdStart.ChildAsync(args[1..]),
    ["sizes"] => await Tools.SizesAsync(),
    ["serve", ..] => await Tools.ServeAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmarks).Assembly).Run(args);
    return 0;
}
