using System.Net.Http.Headers;
using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Tests.Api;

/// <summary>
/// <c>knapscen serve</c>'s real composition, in process, listening on a free loopback port, with a database and a
/// subject prefix of its own. Every step exits 0 at once, except register-customer, which waits while a hold file for
/// its saga exists, so a test can catch a saga mid-flight.
/// </summary>
public class ApiApp : IAsyncLifetime
{
    public const string AdminToken = "admin-secret-0123456789abcdef-0123456789";
    public const string ReadOnlyToken = "viewer-secret-0123456789abcdef-0123456789";

    private WebApplication? app;

    private TestDatabase? database;

    public string ConnectionString { get; private set; } = "";

    public string HoldDirectory { get; } = Directory.CreateTempSubdirectory("knapscen-api-hold-").FullName;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        var stack = await Stack.UpAsync();
        database = await TestDatabase.CreateAsync();
        ConnectionString = database.ConnectionString;
        var holdScript = $"while [ -f '{HoldDirectory}'/\"$CUSTOMER_ID\" ]; do sleep 0.05; done; exit 0";
        var settings = StepCommands.All(overrides: new Dictionary<string, string> { ["register-customer"] = holdScript });
        settings["Nats:Url"] = stack.NatsUrl;
        settings["Nats:SubjectPrefix"] = StackEnvironment.NewSubjectPrefix();
        settings["Nats:Workers"] = "4";
        settings["Database:ConnectionString"] = ConnectionString;
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Api:Urls"] = "http://127.0.0.1:0";
        if (WithTokens)
        {
            settings["Api:Tokens:ops:Token"] = AdminToken;
            settings["Api:Tokens:ops:Role"] = "admin";
            settings["Api:Tokens:viewer:Token"] = ReadOnlyToken;
            settings["Api:Tokens:viewer:Role"] = "read-only";
        }

        var builder = ServeApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        app = ServeApplication.Build(builder);
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(startTimeout.Token);
        // Port 0: Kestrel picked a free port and reports the bound address here.
        BaseAddress = new Uri(app.Urls.Single());
    }

    /// <summary>False: no token configured, as a developer runs serve on loopback.</summary>
    protected virtual bool WithTokens => true;

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public void Hold(Guid sagaId) => File.WriteAllText(Path.Combine(HoldDirectory, sagaId.ToString()), "");

    public void Release(Guid sagaId) => File.Delete(Path.Combine(HoldDirectory, sagaId.ToString()));

    public async Task DisposeAsync()
    {
        // Let held steps finish, or the launcher's graceful stop would wait for them.
        foreach (var hold in Directory.EnumerateFiles(HoldDirectory))
        {
            File.Delete(hold);
        }

        if (app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(stopTimeout.Token);
            await TestStreams.DeleteAsync(app.Services.GetRequiredService<INatsJSContext>(), app.Services.GetRequiredService<JetStreamNames>());
            await app.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        Directory.Delete(HoldDirectory, recursive: true);
    }
}
