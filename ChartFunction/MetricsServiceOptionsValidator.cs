using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

internal sealed class MetricsServiceOptionsValidator : IValidateOptions<MetricsServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsServiceOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return ValidateOptionsResult.Fail(
                $"MetricsService__BaseUrl is '{options.BaseUrl}', which is not an absolute http(s) URL; " +
                "use e.g. http://localhost:7071/api (this app) or http://metrics-host:3000 (the Go seed).");
        // A value outside its [Range] is reported by that attribute; the arithmetic below would only repeat it.
        if (!Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        if (options.Attempt < TimeSpan.FromMilliseconds(100))
            return ValidateOptionsResult.Fail(
                $"MetricsService__TimeoutSeconds {options.TimeoutSeconds} leaves each of the {options.Retries + 1} attempts " +
                $"{options.Attempt.TotalMilliseconds:0} ms after {options.Retries} retry pauses of " +
                $"{options.RetryDelayMilliseconds} ms; raise the timeout or lower MetricsService__Retries.");
        return ValidateOptionsResult.Success;
    }
}
