using Microsoft.Extensions.Options;

namespace FunctionsMonitor.MetricsFunction;

/// <summary>Checks the catalogue at start so a typo in an app name fails the start, naming the key.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Apps.Count; i++)
        {
            var app = options.Apps[i];
            if (Catalogue.NameProblem(app.Name) is { } problem)
                errors.Add($"Metrics__Apps__{i}__Name is '{app.Name}': {problem}. An app name is {Catalogue.NameRule}.");
            if (string.IsNullOrWhiteSpace(app.Domain))
                errors.Add($"Metrics__Apps__{i}__Domain is empty; give each app a domain.");
        }
        if (Catalogue.NameProblem(options.LiveApp) is { } live)
            errors.Add($"Metrics__LiveApp is '{options.LiveApp}': {live}. An app name is {Catalogue.NameRule}.");
        var names = options.EffectiveApps.Select(a => a.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            errors.Add("Metrics__Apps lists the same app name twice.");
        if (names.Contains(options.LiveApp, StringComparer.Ordinal))
            errors.Add($"Metrics__LiveApp '{options.LiveApp}' is also in Metrics__Apps; give the live app a name of its own.");
        names.Add(options.LiveApp);
        if (options.DefaultApp is { } d && !names.Contains(d, StringComparer.Ordinal))
            errors.Add($"Metrics__DefaultApp is '{d}', which is neither in Metrics__Apps nor the live app ({string.Join(", ", names)}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
