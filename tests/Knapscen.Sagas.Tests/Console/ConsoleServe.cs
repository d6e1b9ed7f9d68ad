using System.Net.Http.Json;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Observability;
using Microsoft.Playwright;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Console;

/// <summary>
/// A real <c>knapscen serve</c> process (own database and subjects, loopback port, an admin and a read-only token) and
/// Debian's headless Chromium driven by Playwright. Every step exits 0 at once, except that register-user and its
/// customer's compensation delete-customer fail (one attempt each) while <see cref="BreakSteps"/> is on: a saga
/// published then fails forward, fails to compensate, and lands in NeedsAttention; switched off, a retry completes it.
/// </summary>
public sealed class ConsoleServe : IAsyncLifetime
{
    public const string AdminToken = ServeUnderTest.AdminToken;
    public const string ReadOnlyToken = "console-viewer-token-8c1d0b7e-4a2f9e61";
    public const string TraceTemplate = "http://jaeger.example:16686/trace/{traceId}";

    private readonly string switchDirectory = Directory.CreateTempSubdirectory("knapscen-console-switch-").FullName;
    private ServeUnderTest? serve;
    private IPlaywright? playwright;

    internal ServeUnderTest Serve => serve ?? throw new InvalidOperationException("not started");

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Serve.BaseAddress;

    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public bool BreakSteps
    {
        set
        {
            var flag = Path.Combine(switchDirectory, "broken");
            if (value)
            {
                File.WriteAllText(flag, "");
            }
            else
            {
                File.Delete(flag);
            }
        }
    }

    public async Task InitializeAsync()
    {
        var failWhileBroken = $"if [ -f '{switchDirectory}/broken' ]; then echo 'broken on purpose by the test' >&2; exit 1; fi; exit 0";
        serve = await ServeUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Api__Tokens__viewer__Token"] = ReadOnlyToken,
            ["Api__Tokens__viewer__Role"] = "read-only",
            ["Console__TraceUrlTemplate"] = TraceTemplate,
            ["Steps__register-user__Command__2"] = failWhileBroken,
            ["Steps__register-user__Retry__MaxAttempts"] = "1",
            ["Steps__delete-customer__Command__2"] = failWhileBroken,
            ["Steps__delete-customer__Retry__MaxAttempts"] = "1",
        });
        playwright = await Playwright.CreateAsync();
        // Debian's chromium: Playwright's own browser download cannot reach its host here.
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser (no cookies) signed in with <paramref name="token"/>, at <paramref name="width"/> pixels.</summary>
    public async Task<IPage> SignedInPageAsync(string token, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        return page;
    }

    public async Task<Guid> PublishAsync(string company = "Console Test Corp")
    {
        var sagaId = Guid.NewGuid();
        var json = Intake.InvalidEvents.SampleJson(sagaId)
            .Replace("TechCorp Solutions", company, StringComparison.Ordinal)
            .Replace("\"specversion\"", $"\"traceparent\": \"00-{TraceId(sagaId)}-00f067aa0ba902b7-01\", \"specversion\"", StringComparison.Ordinal);
        await Serve.Publisher.PublishRawAsync("customer-registered", System.Text.Encoding.UTF8.GetBytes(json));
        return sagaId;
    }

    /// <summary>The trace a published saga's event carries: the saga id's hex, so a test knows the trace link to expect.</summary>
    public static string TraceId(Guid sagaId) => sagaId.ToString("N");

    public async Task<string?> StateAsync(Guid sagaId)
    {
        await using var connection = new MySqlConnection(Serve.Publisher.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT current_state FROM onboarding_sagas WHERE correlation_id = @id", connection);
        command.Parameters.AddWithValue("@id", sagaId.ToString());
        return await command.ExecuteScalarAsync() as string;
    }

    public Task WaitForStateAsync(Guid sagaId, string state, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => await StateAsync(sagaId) == state, timeout, $"saga {sagaId} in {state}");

    public async Task<IReadOnlyList<Guid>> NeedsAttentionSagasAsync(int count, string company)
    {
        BreakSteps = true;
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await PublishAsync($"{company} {i:D2}"));
        }

        foreach (var id in ids)
        {
            await WaitForStateAsync(id, "NeedsAttention", TimeSpan.FromSeconds(120));
        }

        BreakSteps = false;
        return ids;
    }

    public async Task<T?> GetJsonAsync<T>(string path)
    {
        using var http = Serve.Client(AdminToken);
        return await http.GetFromJsonAsync<T>(new Uri(path, UriKind.Relative));
    }

    public async Task DisposeAsync()
    {
        BreakSteps = false;
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (serve is not null)
        {
            await serve.DisposeAsync();
        }

        Directory.Delete(switchDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleServe>
{
    public const string Name = "operator console";
}
