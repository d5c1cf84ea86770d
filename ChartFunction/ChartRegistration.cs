using FunctionsMonitor.Health;
using FunctionsMonitor.Hosting;
using FunctionsMonitor.MetricsFunction;
using FunctionsMonitor.Observability;
using FunctionsMonitor.Settings;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.ChartFunction;

public static class ChartRegistration
{
    /// <summary>
    /// The chart slice: the renderer and its cache, and the sample source — the metrics service over HTTP when
    /// <c>MetricsService__BaseUrl</c> is set, else the metrics slice in this process. Where this host runs the chart
    /// function (<see cref="HostedFunctions"/>), the font is loaded and tried with the settings at start and every kind of
    /// chart drawn before the readiness probe passes; a host without it (the metrics Deployment) does neither.
    /// </summary>
    public static IHostApplicationBuilder AddChartFunction(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddInstruments<ChartInstruments>();
        services.AddSettings<ChartOptions>(ChartOptions.Section);
        services.AddSingleton<ChartFont>();
        services.AddSingleton<ChartRenderer>();
        services.AddSingleton<ChartImages>();
        AddCache(services);

        if (new HostedFunctions(builder.Configuration).Runs(nameof(ChartFunction)))
        {
            services.AddSingleton<IValidateOptions<ChartOptions>, ChartFontValidator>();
            services.AddSingleton<ChartWarmup>();
            services.AddHostedService(p => p.GetRequiredService<ChartWarmup>());
            services.AddHealthChecks().AddCheck<ChartWarmup>("chart", tags: [HealthTags.Ready]);
        }

        AddSampleSource(services);
        // A failed fetch is logged once, by HttpSampleSource, with its URL, reason and trace id. The resilience pipeline
        // would add its own lines for every attempt and retry (three more for a 500, a stack trace for each timed-out
        // attempt: 25 KB for one hung fetch), so a failing metrics service would multiply the chart's log volume.
        builder.Logging.AddFilter("Polly", LogLevel.None);
        return builder;
    }

    /// <summary>HybridCache over the process's memory cache, bounded in bytes: the cache measures each chart by its
    /// serialized size (<see cref="ChartImageSerializer"/>).</summary>
    private static void AddCache(IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<IOptions<ChartOptions>>((cache, chart) =>
            cache.SizeLimit = chart.Value.CacheMegabytes * 1024L * 1024);
        services.AddHybridCache(cache => cache.MaximumPayloadBytes = 4 * 1024 * 1024)
            .AddSerializer<ChartImage, ChartImageSerializer>();
    }

    private static void AddSampleSource(IServiceCollection services)
    {
        services.AddSettings<MetricsServiceOptions>(MetricsServiceOptions.Section);
        services.AddSingleton<IValidateOptions<MetricsServiceOptions>, MetricsServiceOptionsValidator>();

        var client = services.AddHttpClient<HttpSampleSource>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<MetricsServiceOptions>>().Value;
            if (!options.Enabled)
                return;
            // The body's size and the time the whole fetch may take, body included, are HttpSampleSource's to bound.
            http.BaseAddress = options.BaseAddress();
        });
        // The metrics service is a Service of ours: a redirect from it is a misconfiguration (a 502 naming the status),
        // never a place to go, be it another port on the node, the worker's own Prometheus port or a file: URL.
        client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        var resilience = client.AddStandardResilienceHandler();
        services.AddOptions<HttpStandardResilienceOptions>(resilience.PipelineName)
            .Configure<IOptions<MetricsServiceOptions>, TimeProvider>((pipeline, settings, time) =>
            {
                var o = settings.Value;
                pipeline.TotalRequestTimeout.Timeout = o.Total;
                pipeline.AttemptTimeout.Timeout = o.Attempt;
                // The standard handler needs at least one retry attempt; Retries = 0 turns retrying off instead.
                pipeline.Retry.MaxRetryAttempts = Math.Max(1, o.Retries);
                // A transient failure is retried, unless the service asks (Retry-After) for a wait past the whole
                // budget: that wait would only end in a 504, so the caller gets the 502 at once instead.
                pipeline.Retry.ShouldHandle = args => new ValueTask<bool>(o.Retries > 0
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !(args.Outcome.Result is { } answer && HttpSampleSource.RetryAfter(answer, time.GetUtcNow()) > o.Total));
                pipeline.Retry.Delay = TimeSpan.FromMilliseconds(o.RetryDelayMilliseconds);
                pipeline.Retry.BackoffType = Polly.DelayBackoffType.Constant;
                pipeline.Retry.UseJitter = false;
                pipeline.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(
                    TimeSpan.FromSeconds(30).Ticks, 2 * o.Attempt.Ticks));
            });
        // The standard handler validates its options at its first request; checked at start with ours instead. With a
        // bad MetricsService setting, configuring it fails with that setting's own failure, reported once.
        services.AddOptions<HttpStandardResilienceOptions>(resilience.PipelineName).ValidateOnStart();

        services.AddSingleton<InProcessSampleSource>();
        services.AddSingleton<ISampleSource>(provider =>
            provider.GetRequiredService<IOptions<MetricsServiceOptions>>().Value.Enabled
                ? ActivatorUtilities.CreateInstance<HttpWithLiveInProcess>(provider)
                : provider.GetRequiredService<InProcessSampleSource>());
    }
}
