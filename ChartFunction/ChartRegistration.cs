using FunctionsMonitor.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

public static class ChartRegistration
{
    /// <summary>
    /// The chart slice: font and renderer (loaded and tried at start), and the metrics source — over HTTP
    /// when <c>MetricsService__BaseUrl</c> is set, else the in-process simulator (the metrics slice must be added).
    /// </summary>
    public static IServiceCollection AddChartFunction(this IServiceCollection services)
    {
        services.AddMonitorMetrics();
        services.AddOptions<ChartOptions>().BindConfiguration(ChartOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChartFont>();
        services.AddSingleton<ChartRenderer>();
        services.AddSingleton<ChartImages>();
        services.AddHostedService<ChartWarmup>();

        services.AddOptions<MetricsServiceOptions>()
            .BindConfiguration(MetricsServiceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsServiceOptions>, MetricsServiceOptionsValidator>();

        var client = services.AddHttpClient<HttpMetricsSource>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<MetricsServiceOptions>>().Value;
            if (!options.Enabled)
                return;
            http.BaseAddress = options.BaseAddress();
            // The resilience pipeline bounds the request; this also bounds reading the body after the headers.
            http.Timeout = options.Total + TimeSpan.FromMilliseconds(250);
            http.MaxResponseContentBufferSize = 1 << 20;
        });
        var resilience = client.AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(resilience.PipelineName)
            .Configure<IOptions<MetricsServiceOptions>>((pipeline, settings) =>
            {
                // A bad setting of ours is reported once, by our own validation: reading it here would throw the
                // same error again, and the start would report it twice. The pipeline keeps its defaults then.
                if (Validated(settings) is not { } o)
                    return;
                pipeline.TotalRequestTimeout.Timeout = o.Total;
                pipeline.AttemptTimeout.Timeout = o.Attempt;
                // The standard handler needs at least one retry attempt; Retries = 0 turns retrying off instead.
                pipeline.Retry.MaxRetryAttempts = Math.Max(1, o.Retries);
                if (o.Retries == 0)
                    pipeline.Retry.ShouldHandle = _ => Polly.PredicateResult.False();
                pipeline.Retry.Delay = TimeSpan.FromMilliseconds(o.RetryDelayMilliseconds);
                pipeline.Retry.BackoffType = Polly.DelayBackoffType.Constant;
                pipeline.Retry.UseJitter = false;
                pipeline.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(
                    TimeSpan.FromSeconds(30).Ticks, 2 * o.Attempt.Ticks));
            })
            .ValidateOnStart();

        services.AddSingleton<InProcessMetricsSource>();
        services.AddSingleton<IMetricsSource>(provider =>
            provider.GetRequiredService<IOptions<MetricsServiceOptions>>().Value.Enabled
                ? ActivatorUtilities.CreateInstance<HttpWithLiveInProcess>(provider)
                : provider.GetRequiredService<InProcessMetricsSource>());
        return services;
    }

    private static MetricsServiceOptions? Validated(IOptions<MetricsServiceOptions> settings)
    {
        try
        {
            return settings.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}

/// <summary>Loads the font and draws every kind and format of chart at start: a missing font fails the start with
/// a clear message, and the readiness probe (HealthFunction) passes only once charts are fast.</summary>
internal sealed class ChartWarmup(ChartRenderer renderer, MetricsFunction.MetricsSimulator simulator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        renderer.WarmUp(simulator.History(simulator.DefaultApp, 10)!);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
