using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Settings;

/// <summary>
/// Every setting checked at start, all together, by the options library's startup validator (every option class
/// registered with <c>ValidateOnStart</c>); <see cref="Checked"/> says when and what it found.
/// </summary>
/// <remarks>
/// The host calls the startup validator before any hosted service starts, so a worker failing there exits before it has
/// opened its stream to the Functions host. Measured with the real host: a worker that exits before the host has
/// initialized it and had its functions leaves the host waiting out its one-minute start-up timeout before it gives
/// up (83 s, also for a worker that exits right after connecting); one that exits after is restarted at once and given
/// up on after its third try (about 12 s; docs/troubleshooting.md). So this takes the validator's place, keeps what it
/// finds, and fails the start as a hosted service registered after the worker's own, once the host has asked for the
/// functions. The worker has no other sign of its initialization than that request, which the host sends a first
/// worker only: a restarted worker exits after <see cref="InitializeTime"/>. Invocations that the host sends in
/// between get a 503 problem naming the settings (<see cref="SettingsGate"/>).
/// </remarks>
public sealed class StartupSettingsCheck(IStartupValidator options) : IStartupValidator, IHostedService, IFunctionMetadataTransformer
{
    /// <summary>How long a worker with bad settings waits for the host's request for its functions: the host sends it
    /// within milliseconds of the worker's stream opening, to a first worker only.</summary>
    private static readonly TimeSpan InitializeTime = TimeSpan.FromSeconds(2);

    /// <summary>Time for the worker to send its functions to the host before it exits.</summary>
    private static readonly TimeSpan AnswerTime = TimeSpan.FromMilliseconds(300);

    private readonly TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<IReadOnlyList<string>> _problems = new(() => Validated(options));
    private readonly TaskCompletionSource<IReadOnlyList<string>> _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The problems found (none when every setting is right), once the check has run.</summary>
    public Task<IReadOnlyList<string>> Checked => _checked.Task;

    /// <summary>Every failure of every option class, each once: a class that reads another's options while it is
    /// configured (the metrics fetch's resilience pipeline reads <c>MetricsService</c>) fails with the same text.</summary>
    public IReadOnlyList<string> Problems() => _problems.Value;

    /// <summary>What the host calls first: the check runs, and does not throw yet.</summary>
    public void Validate() => _checked.TrySetResult(Problems());

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Validate();
        var problems = Problems();
        if (problems.Count == 0)
            return;
        if (await Task.WhenAny(_asked.Task, Task.Delay(InitializeTime, cancellationToken)) == _asked.Task)
            await Task.Delay(AnswerTime, cancellationToken);
        throw new InvalidSettingsException(problems);
    }

    string IFunctionMetadataTransformer.Name => nameof(StartupSettingsCheck);

    /// <summary>The host asks for the functions once it has initialized the worker; nothing is changed.</summary>
    void IFunctionMetadataTransformer.Transform(IList<IFunctionMetadata> original) => _asked.TrySetResult();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IReadOnlyList<string> Validated(IStartupValidator options)
    {
        try
        {
            options.Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures.Distinct(StringComparer.Ordinal)];
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            return [.. e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(inner => inner.Failures).Distinct(StringComparer.Ordinal)];
        }
    }
}
