using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Settings;

/// <summary>The DataAnnotations validator over an options object, its failures said by key and value (see
/// <see cref="SettingsRegistration.ValidateDataAnnotationsByKey{T}"/>).</summary>
internal sealed class DataAnnotationsByKey<T>(string? name, string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? optionsName, T options)
    {
        if (name is not null && name != optionsName)
            return ValidateOptionsResult.Skip;
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(result => Said(result, options)));
    }

    private string Said(ValidationResult result, T options)
    {
        if (result.MemberNames.FirstOrDefault() is not { } member || typeof(T).GetProperty(member) is not { } property)
            return result.ErrorMessage ?? "";
        var value = Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture);
        return $"{SettingsRegistration.Key($"{section}:{member}")} is {value}; {result.ErrorMessage}";
    }
}
