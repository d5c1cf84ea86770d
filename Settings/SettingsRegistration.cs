using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Settings;

/// <summary>
/// The one way a setting is read: options of a class bound from its configuration section, checked at start with
/// every other setting, each problem named by the key a user sets (<c>Metrics__BucketSeconds</c>, as in
/// <c>local.settings.json</c>, the ConfigMap or the environment). A rule that spans fields is an
/// <see cref="IValidateOptions{TOptions}"/> of the class, registered beside it.
/// </summary>
public static class SettingsRegistration
{
    /// <summary>Options of <typeparamref name="T"/> from <paramref name="section"/>: a value the binder cannot convert is
    /// a failure of these options, by key, instead of an exception that would stop the start-time check at the first;
    /// then bound, their data annotations checked by key, and all of it validated when the worker starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
    {
        var options = services.AddOptions<T>()
            // Registered before the binding, so it runs first.
            .Configure<IConfiguration>((_, configuration) => SettingValues.ThrowIfUnconvertible<T>(configuration.GetSection(section)))
            .BindConfiguration(section)
            .ValidateDataAnnotationsByKey(section)
            .ValidateOnStart();
        services.AddStartupSettingsCheck();
        return options;
    }

    /// <summary>The data annotations of <typeparamref name="T"/>, each failure said by the setting's key and value
    /// (<c>Metrics__BucketSeconds is 0; it must be from 1 to 3600.</c>). The library's <c>ValidateDataAnnotations()</c>
    /// runs the same validator but names the C# class and member in its text, which a user never sets.</summary>
    public static OptionsBuilder<T> ValidateDataAnnotationsByKey<T>(this OptionsBuilder<T> options, string section) where T : class
    {
        options.Services.AddSingleton<IValidateOptions<T>>(new DataAnnotationsByKey<T>(options.Name, section));
        return options;
    }

    /// <summary>The key a user sets for a configuration path: <c>Metrics:Apps:0:Name</c> → <c>Metrics__Apps__0__Name</c>.</summary>
    public static string Key(string path) => path.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The startup check in the place of the options library's startup validator, which it runs (see
    /// <see cref="StartupSettingsCheck"/>), and the gate it opens. ValidateOnStart has just registered the library's
    /// validator; later calls leave ours in place (they only add one when there is none).</summary>
    private static void AddStartupSettingsCheck(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StartupSettingsCheck)))
            return;
        var library = services.Last(d => d.ServiceType == typeof(IStartupValidator));
        var validator = library.ImplementationType
            ?? throw new InvalidOperationException("The options library registered its startup validator in a way this check does not know.");
        services.Remove(library);
        services.AddSingleton(p => new StartupSettingsCheck((IStartupValidator)ActivatorUtilities.CreateInstance(p, validator)));
        services.AddSingleton<IStartupValidator>(p => p.GetRequiredService<StartupSettingsCheck>());
        services.AddHostedService(p => p.GetRequiredService<StartupSettingsCheck>());
        services.AddSingleton<IFunctionMetadataTransformer>(p => p.GetRequiredService<StartupSettingsCheck>());
    }
}
