using BenchmarkDotNet.Running;
using FunctionsMonitor.Benchmarks;

// In-process figures only (drawing, encoding, the cache's lookup): what a request costs in the Functions host is
// measured through the real host by scripts/load.sh. `-- --filter '*'` runs the BenchmarkDotNet suites; `-- sizes`
// prints bytes per image.
return args switch
{
    ["sizes"] => Tools.Sizes(),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmarks).Assembly).Run(args);
    return 0;
}
