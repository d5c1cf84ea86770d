using System.Net;
using System.Text.Json;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.MetricsFunction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunctionsMonitor.Tests;

/// <summary>A wrong setting fails the start with a message naming the key, not the first request.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("MetricsService:BaseUrl", "not a url", "MetricsService:BaseUrl")]
    [InlineData("MetricsService:BaseUrl", "ftp://example.com/api", "MetricsService:BaseUrl")]
    [InlineData("MetricsService:TimeoutSeconds", "0.1", "TimeoutSeconds")]
    [InlineData("MetricsService:Retries", "9", "Retries")]
    [InlineData("Metrics:BucketSeconds", "0", "BucketSeconds")]
    [InlineData("Metrics:DefaultApp", "nope", "Metrics:DefaultApp")]
    public async Task A_bad_setting_fails_the_start_naming_it(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (!key.StartsWith("MetricsService:BaseUrl"))
            settings["MetricsService:BaseUrl"] = "http://127.0.0.1:1/api";

        var error = await StartFailure(settings);

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task Retries_that_leave_no_time_per_attempt_fail_the_start_with_the_arithmetic()
    {
        var error = await StartFailure(new Dictionary<string, string?>
        {
            ["MetricsService:BaseUrl"] = "http://127.0.0.1:1/api",
            ["MetricsService:TimeoutSeconds"] = "0.5",
            ["MetricsService:Retries"] = "5",
        });

        Assert.Contains("raise the timeout or lower MetricsService:Retries", error.Message);
    }

    [Theory]
    [InlineData("MetricsService:BaseUrl", "not a url")]
    [InlineData("MetricsService:TimeoutSeconds", "0.1")]
    [InlineData("MetricsService:Retries", "9")]
    public async Task A_bad_setting_is_reported_once(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["MetricsService:BaseUrl"] = "http://127.0.0.1:1/api", [key] = value };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings));

        // One problem, one exception: not an AggregateException holding the same message twice.
        var one = Assert.IsType<OptionsValidationException>(error);
        Assert.Single(one.Failures);
    }

    /// <summary>The host reports start-time validation as one OptionsValidationException, or an AggregateException of
    /// them when options of different sections fail.</summary>
    internal static async Task<OptionsValidationException> StartFailure(Dictionary<string, string?> settings)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings));
        return error switch
        {
            OptionsValidationException one => one,
            AggregateException many => Assert.IsType<OptionsValidationException>(many.InnerExceptions[0]),
            _ => throw new Xunit.Sdk.XunitException($"start failed with {error.GetType().Name}: {error.Message}"),
        };
    }

    [Fact]
    public async Task A_missing_font_file_fails_the_start_saying_how_to_fix_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Chart:FontFile"] = "/nonexistent/NoSuchFont.ttf",
        }));

        Assert.Contains("Chart__FontFile", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_font_fails_the_start()
    {
        var notAFont = Path.GetTempFileName();
        await File.WriteAllTextAsync(notAFont, "not a font");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(new Dictionary<string, string?>
            {
                ["Chart:FontFile"] = notAFont,
            }));
            Assert.Contains("not a font", error.Message);
        }
        finally
        {
            File.Delete(notAFont);
        }
    }

    [Fact]
    public async Task Health_is_a_503_problem_until_every_kind_of_chart_has_been_drawn()
    {
        await using var app = await TestApp.StartAsync(configure: services =>
            services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "ChartWarmup")));
        var health = app.Get<HealthFunction.HealthFunction>();

        var cold = (TestResponse)await health.Run(app.Request("/api/healthz"));
        app.Services.GetRequiredService<ChartRenderer>().WarmUp(app.Services.GetRequiredService<MetricsSimulator>().History("test-app", 10)!);
        var warm = (TestResponse)await health.Run(app.Request("/api/healthz"));

        Problems.Assert(cold, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", cold.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
    }

    [Fact]
    public async Task Health_reports_ok_with_the_loaded_font()
    {
        await using var app = await TestApp.StartAsync();

        var response = (TestResponse)await app.Get<HealthFunction.HealthFunction>().Run(app.Request("/api/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JsonDocument.Parse(response.BodyBytes).RootElement;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("font").GetString()));
        Assert.True(health.GetProperty("fontGlyphs").GetInt32() > 100);
    }
}
