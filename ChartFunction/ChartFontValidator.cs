using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

/// <summary>A font the chart cannot read is a bad <c>Chart__FontFile</c>, reported with the other settings.</summary>
internal sealed class ChartFontValidator : IValidateOptions<ChartOptions>
{
    public ValidateOptionsResult Validate(string? name, ChartOptions options) =>
        ChartFont.Read(options, out var problem) is null ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
