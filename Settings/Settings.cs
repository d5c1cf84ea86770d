using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using FunctionsMonitor.Health;
using FunctionsMonitor.Hosting;
using FunctionsMonitor.Http;
using FunctionsMonitor.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Settings;

/// <summary>
/// Every setting of the app, checked once at start, all together, each problem named by the key a user sets
/// (<c>Metrics__BucketSeconds</c>, as in <c>local.settings.json</c>, the ConfigMap or the environment).
/// </summary>
/// <remarks>
/// The check runs as the worker starts, after it has opened its stream to the host; with a problem, the worker exits
/// only once the host has initialized it. Measured with the real host: a worker that exits before that leaves the host
/// waiting out its one-minute start-up timeout, twice, before it gives up (two minutes of requests hanging); one that
/// exits after it is restarted at once and given up on after its third try (about 12 s; docs/troubleshooting.md).
/// Invocations that the host sends in between get a 503 problem naming the settings (<see cref="SettingsGate"/>).
/// </remarks>
public static partial class Settings
{
    /// <summary>The key a user sets for a configuration path: <c>Metrics:Apps:0:Name</c> → <c>Metrics__Apps__0__Name</c>.</summary>
    public static string Key(string path) => path.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Options of <typeparamref name="T"/> bound from <paramref name="section"/>, their data annotations checked
    /// by key, and included in the start-time check.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddStartupSettingsCheck();
        services.AddSingleton<IValidateOptions<T>>(new AnnotationsByKey<T>(section));
        services.AddSingleton<ISettingsRule>(new OptionsRule<T>(section));
        return services.AddOptions<T>().BindConfiguration(section);
    }

    /// <summary>A check of something other than an options class (a font file, say): <paramref name="problem"/> returns
    /// what is wrong, by key, or null. A problem in the options it reads is reported by their own rule, not again.</summary>
    public static IServiceCollection AddSettingsRule(this IServiceCollection services, Func<IServiceProvider, string?> problem)
    {
        services.AddStartupSettingsCheck();
        services.AddSingleton<ISettingsRule>(new Rule(problem));
        return services;
    }

    /// <summary>The check itself (once) and the gate in front of every invocation.</summary>
    private static void AddStartupSettingsCheck(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StartupSettingsCheck)))
            return;
        services.AddSingleton<StartupSettingsCheck>();
        services.AddHostedService(p => p.GetRequiredService<StartupSettingsCheck>());
        services.AddSingleton<IFunctionMetadataTransformer>(p => p.GetRequiredService<StartupSettingsCheck>());
    }

    public interface ISettingsRule
    {
        IEnumerable<string> Problems(IServiceProvider services);
    }

    private sealed class Rule(Func<IServiceProvider, string?> problem) : ISettingsRule
    {
        public IEnumerable<string> Problems(IServiceProvider services)
        {
            string? found;
            try
            {
                found = problem(services);
            }
            catch (OptionsValidationException)
            {
                yield break; // reported by the options' own rule
            }
            catch (InvalidOperationException e) when (BindingPath().IsMatch(e.Message))
            {
                yield break; // a value that does not convert: reported by the options' own rule
            }
            if (found is not null)
                yield return found;
        }
    }

    /// <summary>Reads the options once: binding errors and every validator's failures, by key.</summary>
    private sealed class OptionsRule<T>(string section) : ISettingsRule where T : class
    {
        public IEnumerable<string> Problems(IServiceProvider services)
        {
            try
            {
                _ = services.GetRequiredService<IOptions<T>>().Value;
                return [];
            }
            catch (OptionsValidationException e)
            {
                return e.Failures;
            }
            catch (InvalidOperationException e) when (BindingPath().Match(e.Message) is { Success: true } m)
            {
                return [Unconvertible(m.Groups["path"].Value, m.Groups["value"].Value, section)];
            }
        }

        /// <summary>A value the binder could not convert to its property's type, said as what to set instead.</summary>
        private static string Unconvertible(string path, string value, string section)
        {
            var property = typeof(T).GetProperty(path[(path.LastIndexOf(':') + 1)..], BindingFlags.Public | BindingFlags.Instance);
            var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var expected = type switch
            {
                { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
                _ when type == typeof(int) || type == typeof(long) => "a whole number",
                _ when type == typeof(double) => "a number (with a '.' for decimals)",
                _ when type == typeof(bool) => "true or false",
                _ => $"a value of the {section} settings' type",
            };
            return $"{Key(path)} is '{value}': use {expected}.";
        }
    }

    /// <summary>The binder's message for a value it cannot convert: "Failed to convert configuration value 'x' at 'A:B' to type …".</summary>
    [GeneratedRegex("value '(?<value>.*)' at '(?<path>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex BindingPath();

    /// <summary>Data annotations, each failure said by the setting's key and value (<c>Metrics__BucketSeconds is 0; it
    /// must be from 1 to 3600.</c>) rather than by the C# member.</summary>
    private sealed class AnnotationsByKey<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = new List<string>();
            foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var value = property.GetValue(options);
                foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
                {
                    if (rule.IsValid(value))
                        continue;
                    var key = Key($"{section}:{property.Name}");
                    var shown = Convert.ToString(value, CultureInfo.InvariantCulture);
                    failures.Add(rule is RangeAttribute range
                        ? $"{key} is {shown}; it must be from {range.Minimum} to {range.Maximum}."
                        : $"{key} is '{shown}': {rule.FormatErrorMessage(key)}");
                }
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

/// <summary>Bad settings, every one of them, by key.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception("FunctionsMonitor cannot start: " + (problems.Count == 1 ? "a setting is" : $"{problems.Count} settings are")
        + " wrong. Change them and start again:" + string.Concat(problems.Select(p => "\n  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Runs every rule at start (see <see cref="Settings"/>); <see cref="Checked"/> says when and what it found. It
/// also learns, as a function metadata transformer that changes nothing, when the host has asked for the functions.</summary>
public sealed class StartupSettingsCheck(IServiceProvider services, IEnumerable<Settings.ISettingsRule> rules)
    : IHostedService, IFunctionMetadataTransformer
{
    /// <summary>How long a worker with bad settings waits for the host to initialize it. The host does within
    /// milliseconds of the worker's stream opening, and asks a first worker for its functions right after (the
    /// signal this waits for); it does not ask a restarted worker again, which then exits after this time.</summary>
    private static readonly TimeSpan InitializeTime = TimeSpan.FromSeconds(2);

    /// <summary>Time for the worker to send its functions to the host before it exits.</summary>
    private static readonly TimeSpan AnswerTime = TimeSpan.FromMilliseconds(300);

    private readonly TaskCompletionSource<IReadOnlyList<string>> _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _indexed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The problems found (none when every setting is right), once the check has run.</summary>
    public Task<IReadOnlyList<string>> Checked => _checked.Task;

    /// <summary>Every problem of every rule, in registration order, each once.</summary>
    public IReadOnlyList<string> Problems() => rules.SelectMany(r => r.Problems(services)).Distinct(StringComparer.Ordinal).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = Problems();
        _checked.TrySetResult(problems);
        if (problems.Count == 0)
            return;
        if (await Task.WhenAny(_indexed.Task, Task.Delay(InitializeTime, cancellationToken)) == _indexed.Task)
            await Task.Delay(AnswerTime, cancellationToken);
        throw new InvalidSettingsException(problems);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    string IFunctionMetadataTransformer.Name => nameof(StartupSettingsCheck);

    void IFunctionMetadataTransformer.Transform(IList<IFunctionMetadata> original) => _indexed.TrySetResult();
}

/// <summary>The first middleware: an invocation runs only once the settings are known to be right. The host may send
/// one as soon as the worker has connected, before the check has run; with bad settings it gets a 503 problem that
/// names them while the worker exits.</summary>
public sealed class SettingsGate(StartupSettingsCheck check) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var problems = await check.Checked.WaitAsync(context.CancellationToken);
        if (problems.Count == 0)
        {
            await next(context);
            return;
        }
        if (await context.GetHttpRequestDataAsync() is not { } request)
            throw new InvalidSettingsException(problems);
        context.GetInvocationResult().Value = await request.ProblemAsync(Problem.Of(HttpStatusCode.ServiceUnavailable,
            "Settings are wrong", new InvalidSettingsException(problems).Message), retryAfterSeconds: 10);
    }
}
