using System.Net;
using System.Net.Http.Headers;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// <c>knapscen serve</c> as a real process on a database and subjects of its own, its admin API on a free loopback
/// port with one admin token, every step a local <c>exit 0</c>.
/// </summary>
internal sealed class ServeUnderTest : IAsyncDisposable
{
    public const string AdminToken = "metrics-admin-token-5f0c2a9e7d41";

    private ServeUnderTest(TestOrchestrator publisher, OrchestratorProcess process, Uri baseAddress, IReadOnlyDictionary<string, string> environment)
    {
        Publisher = publisher;
        Process = process;
        BaseAddress = baseAddress;
        Environment = environment;
    }

    /// <summary>The test's database, streams and publisher; no orchestrator runs in the test process.</summary>
    public TestOrchestrator Publisher { get; }

    public OrchestratorProcess Process { get; }

    public Uri BaseAddress { get; }

    /// <summary>The process's environment: a CLI run with it works on the same database and subjects.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<ServeUnderTest> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var settings = await publisher.ProcessEnvironmentAsync(StepCommands.All());
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        settings["Api__Urls"] = baseAddress.GetLeftPart(UriPartial.Authority);
        settings["Api__Tokens__ops__Token"] = AdminToken;
        settings["Api__Tokens__ops__Role"] = "admin";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        var process = OrchestratorProcess.Start(settings, "serve");
        var serve = new ServeUnderTest(publisher, process, baseAddress, settings);
        using var http = serve.Client();
        await Eventually.TrueAsync(
            async () => await ReadyAsync(http),
            TimeSpan.FromSeconds(90),
            "knapscen serve answering /health/ready");
        return serve;
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<PrometheusText> ScrapeAsync()
    {
        using var http = Client();
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Publisher.DisposeAsync();
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

}
