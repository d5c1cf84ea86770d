using System.Diagnostics;
using System.Net;
using FunctionsMonitor.ChartFunction;
using FunctionsMonitor.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunctionsMonitor.Tests;

/// <summary>The start-time settings check, on the app's own registrations: every bad setting named by the key a user
/// sets, each once, all at once.</summary>
public sealed class SettingsTests
{
    private static IReadOnlyList<string> Problems(Dictionary<string, string?> settings)
    {
        using var app = new AppServices(settings);
        return app.SettingsProblems();
    }

    [Theory]
    [InlineData("MetricsService:BaseUrl", "not a url", "MetricsService__BaseUrl is 'not a url'")]
    [InlineData("MetricsService:BaseUrl", "ftp://example.com/api", "MetricsService__BaseUrl is 'ftp://example.com/api'")]
    [InlineData("MetricsService:TimeoutSeconds", "0.1", "MetricsService__TimeoutSeconds is 0.1; it must be from 0.5 to 120.")]
    [InlineData("MetricsService:Retries", "9", "MetricsService__Retries is 9; it must be from 0 to 5.")]
    [InlineData("MetricsService:Retries", "two", "MetricsService__Retries is 'two': use a whole number.")]
    [InlineData("Metrics:BucketSeconds", "0", "Metrics__BucketSeconds is 0; it must be from 1 to 3600.")]
    [InlineData("Metrics:DefaultApp", "nope", "Metrics__DefaultApp is 'nope'")]
    [InlineData("Metrics:Apps:0:Name", "bad name", "Metrics__Apps__0__Name is 'bad name'")]
    [InlineData("Metrics:Apps:0:Name", "functions-monitor", "Metrics__LiveApp 'functions-monitor' is also in Metrics__Apps")]
    [InlineData("Chart:PngEncoding", "gif", "Chart__PngEncoding is 'gif': use one of Palette, Rgba.")]
    [InlineData("Chart:MaxQueuedRenders", "-4", "Chart__MaxQueuedRenders is -4; it must be from 0 to 1000.")]
    [InlineData("Chart:FontFile", "/nonexistent/NoSuchFont.ttf", "Chart__FontFile is '/nonexistent/NoSuchFont.ttf', which does not exist")]
    [InlineData("Observability:PrometheusPort", "70000", "Observability__PrometheusPort is 70000; it must be from 0 to 65535.")]
    public void A_bad_setting_is_named_by_its_key_with_what_to_set_instead(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (!key.StartsWith("MetricsService:BaseUrl", StringComparison.Ordinal))
            settings["MetricsService:BaseUrl"] = "http://127.0.0.1:1/api";
        if (key == "Metrics:Apps:0:Name")
            settings["Metrics:Apps:0:Domain"] = "example.com";

        var problem = Assert.Single(Problems(settings));

        Assert.StartsWith(expected, problem);
    }

    [Fact]
    public void Retries_that_leave_no_time_per_attempt_are_named_with_the_arithmetic() =>
        Assert.Contains("raise the timeout or lower MetricsService__Retries", Assert.Single(Problems(new()
        {
            ["MetricsService:BaseUrl"] = "http://127.0.0.1:1/api",
            ["MetricsService:TimeoutSeconds"] = "0.5",
            ["MetricsService:Retries"] = "5",
        })));

    [Fact]
    public void Every_bad_setting_is_reported_at_once_each_once()
    {
        var problems = Problems(new()
        {
            ["Metrics:BucketSeconds"] = "0",
            ["MetricsService:BaseUrl"] = "notaurl",
            ["Chart:MaxQueuedRenders"] = "-4",
            ["Metrics:DefaultApp"] = "nope",
        });

        Assert.Equal(4, problems.Count);
        foreach (var key in new[] { "Metrics__BucketSeconds", "MetricsService__BaseUrl", "Chart__MaxQueuedRenders", "Metrics__DefaultApp" })
            Assert.Single(problems, p => p.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_a_font_is_a_bad_Chart__FontFile()
    {
        var notAFont = Path.GetTempFileName();
        File.WriteAllText(notAFont, "not a font");
        try
        {
            Assert.StartsWith($"Chart__FontFile is '{notAFont}', which is not a font", Assert.Single(Problems(new() { ["Chart:FontFile"] = notAFont })));
        }
        finally
        {
            File.Delete(notAFont);
        }
    }

    [Fact]
    public void The_shipped_settings_have_no_problem() => Assert.Empty(Problems(new()));

    [Fact]
    public async Task The_readiness_probe_waits_for_the_chart_warm_up()
    {
        using var app = new AppServices();
        var health = app.Get<HealthCheckService>();

        var before = await health.CheckReadinessAsync();
        await app.Get<ChartWarmup>().StartAsync(CancellationToken.None);
        var after = await health.CheckReadinessAsync();

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.StartsWith("font DejaVu Sans (", after.Entries["chart"].Description);
    }

    [Fact]
    public void Without_an_OTLP_endpoint_no_exporter_is_registered()
    {
        var registered = new List<ServiceDescriptor>();
        using var app = new AppServices(inspect: s => registered.AddRange(s));

        var otlp = typeof(OpenTelemetry.Exporter.OtlpExporterOptions).Assembly;
        Assert.DoesNotContain(registered, d => d.ServiceType.Assembly == otlp
            || d.ImplementationType?.Assembly == otlp || d.ImplementationInstance?.GetType().Assembly == otlp);
    }
}
