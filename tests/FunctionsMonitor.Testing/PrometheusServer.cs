using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FunctionsMonitor.Testing;

/// <summary>
/// Debian's real Prometheus (installed by scripts/install-test-tools.sh), started on a free loopback port with a
/// generated configuration that scrapes one target every second, queried over its HTTP API, and stopped on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri baseUrl)
    {
        (_process, _directory) = (process, directory);
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>Starts Prometheus scraping <c>http://127.0.0.1:{targetPort}/metrics</c> and waits until <c>up == 1</c>.
    /// Each label set in <paramref name="targets"/> scrapes the target once more under those labels (as a cluster's
    /// service discovery adds <c>namespace</c> and <c>pod</c>); none: one plain scrape.</summary>
    public static async Task<PrometheusServer> StartAsync(int targetPort, params IReadOnlyDictionary<string, string>[] targets)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: run scripts/install-test-tools.sh (Debian's prometheus package).");
        var directory = Path.Combine(Path.GetTempPath(), "functionsmonitor-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        IReadOnlyDictionary<string, string>[] jobs = targets.Length == 0 ? [new Dictionary<string, string>()] : targets;
        var scrapes = string.Join("\n", jobs.Select((labels, i) => $"""
            - job_name: functions-monitor-{i}
              static_configs:
              - targets: ['127.0.0.1:{targetPort}']
                labels: {"{" + string.Join(", ", labels.Select(l => $"{l.Key}: '{l.Value}'")) + "}"}
            """));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
            {scrapes}
            """);
        var port = Tool.FreeLoopbackPort();
        var start = new ProcessStartInfo(Binary,
        [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            if (await server.WaitForAsync("min(up)", 1, TimeSpan.FromSeconds(30)) != 1)
                throw new InvalidOperationException($"Prometheus did not scrape 127.0.0.1:{targetPort}/metrics within 30 s (up != 1).");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The value of an instant PromQL query that returns one series; null when it returns none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var json = await InstantAsync(promql);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
            return null;
        if (result.GetArrayLength() > 1)
            throw new InvalidOperationException($"{promql} returned {result.GetArrayLength()} series; sum() it");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>How many series an instant query returns (a vector's length; 1 for a scalar).</summary>
    public async Task<int> CountAsync(string promql)
    {
        using var json = await InstantAsync(promql);
        var data = json.RootElement.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix" ? data.GetProperty("result").GetArrayLength() : 1;
    }

    /// <summary>The API's answer to an instant query; an error names the query and Prometheus's reason.</summary>
    private async Task<JsonDocument> InstantAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{promql}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        return JsonDocument.Parse(body);
    }

    /// <summary>Polls a query until it returns at least one series; returns the count last seen.</summary>
    public async Task<int> WaitForSeriesAsync(string promql, TimeSpan? patience = null)
    {
        return await Poll.UntilAsync(() => CountAsync(promql), count => count > 0, (patience ?? TimeSpan.FromSeconds(20)).TotalSeconds, intervalSeconds: 0.25);
    }

    /// <summary>Polls a query until it equals <paramref name="expected"/>; returns the last value seen.</summary>
    public async Task<double?> WaitForAsync(string promql, double expected, TimeSpan? patience = null)
    {
        double? value = null;
        return await Poll.UntilAsync(async () =>
        {
            try
            {
                value = await QueryAsync(promql);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            return value;
        }, seen => seen == expected, (patience ?? TimeSpan.FromSeconds(20)).TotalSeconds, intervalSeconds: 0.25);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temp folder is cleaned by the system
        }
    }
}
