using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Settings;

/// <summary>
/// The values of a section that the configuration binder cannot convert to their property's type, found key by key
/// with the type converter the binder itself uses. The binder throws at the first such value, from inside the options'
/// creation, where the startup validator (which collects only validation failures) would stop and report no other
/// setting; checked first, they are a validation failure like any other.
/// </summary>
internal static class SettingValues
{
    public static void ThrowIfUnconvertible<T>(IConfigurationSection section) where T : class
    {
        var problems = Unconvertible(section, typeof(T)).ToList();
        if (problems.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(T), problems);
    }

    private static IEnumerable<string> Unconvertible(IConfigurationSection section, Type type)
    {
        foreach (var child in section.GetChildren())
        {
            // A key the class does not have is left alone, as the binder leaves it.
            if (type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true } property)
                foreach (var problem in Check(child, property.PropertyType))
                    yield return problem;
        }
    }

    private static IEnumerable<string> Check(IConfigurationSection section, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var converter = TypeDescriptor.GetConverter(target);
        if (target != typeof(string) && converter.CanConvertFrom(typeof(string)))
        {
            if (section.Value is { } text && !Converts(converter, text))
                yield return $"{SettingsRegistration.Key(section.Path)} is '{text}': use {Expected(target)}.";
            yield break;
        }
        var element = target.IsArray ? target.GetElementType()
            : target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>) ? target.GetGenericArguments()[0]
            : null;
        var problems = element is not null ? section.GetChildren().SelectMany(item => Check(item, element))
            : target.IsClass && target != typeof(string) ? Unconvertible(section, target)
            : [];
        foreach (var problem in problems)
            yield return problem;
    }

    private static bool Converts(TypeConverter converter, string text)
    {
        try
        {
            converter.ConvertFromInvariantString(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number (with a '.' for decimals)",
        _ when type == typeof(bool) => "true or false",
        _ => "a value of type " + type.Name,
    };
}
