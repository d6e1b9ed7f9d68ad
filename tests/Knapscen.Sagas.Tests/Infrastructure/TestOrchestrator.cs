using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Orchestrator.Demo;
using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// The real orchestrator composition, in process, on the real NATS and MariaDB, with a database and a subject
/// prefix of its own. Steps run as local processes whose commands the test chooses.
/// </summary>
public sealed class TestOrchestrator : IAsyncDisposable
{
    private readonly IHost host;

    private readonly TestDatabase database;

    private TestOrchestrator(IHost host, TestDatabase database, string subjectPrefix)
    {
        this.host = host;
        this.database = database;
        ConnectionString = database.ConnectionString;
        SubjectPrefix = subjectPrefix;
        Sagas = new SagaReader(ConnectionString);
    }

    public string ConnectionString { get; }

    public string SubjectPrefix { get; }

    internal SagaReader Sagas { get; }

    public CloudEventPublisher Publisher => host.Services.GetRequiredService<CloudEventPublisher>();

    public INatsJSContext JetStream => host.Services.GetRequiredService<INatsJSContext>();

    internal JetStreamNames Names => host.Services.GetRequiredService<JetStreamNames>();

    internal IServiceProvider Services => host.Services;

    /// <summary>How many messages a stream of this test's prefix holds (0 when it does not exist yet).</summary>
    public async Task<long> CountMessagesAsync(string stream)
    {
        var info = await JetStream.GetStreamAsync(stream);
        return (long)info.Info.State.Messages;
    }

    /// <param name="settings">Extra configuration, e.g. the local command each step image runs.</param>
    /// <param name="runOrchestrator">False: only the database, the streams and a publisher, for tests that run the orchestrator as a process.</param>
    /// <param name="services">Changes to the orchestrator's services (fault injection), applied after its own registrations.</param>
    public static async Task<TestOrchestrator> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        bool runOrchestrator = true,
        Action<IServiceCollection>? services = null)
    {
        var stack = await Stack.UpAsync();
        // Migrated here even when the orchestrator migrates on start: processes started by the test need the schema too.
        var database = await TestDatabase.CreateAsync();
        var connectionString = database.ConnectionString;
        var prefix = StackEnvironment.NewSubjectPrefix();
        var builder = OrchestratorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nats:Url"] = stack.NatsUrl,
            ["Nats:SubjectPrefix"] = prefix,
            ["Nats:Workers"] = "8",
            ["Database:ConnectionString"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kubernetes:Enabled"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (runOrchestrator)
        {
            builder.AddOrchestrator();
        }
        else
        {
            builder.Services.AddNatsPublishing();
            // Results are signed with the installation's key, as the orchestrator would (same database, same key).
            builder.Services.AddSingleton(new LaunchTokens(() => InstallationKeys.LoadOrCreate(connectionString, "launch-token")));
        }

        services?.Invoke(builder.Services);
        var host = builder.Build();
        using var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(startTimeout.Token);
        var orchestrator = new TestOrchestrator(host, database, prefix);
        await orchestrator.Publisher.EnsureStreamsAsync(startTimeout.Token);
        return orchestrator;
    }

    /// <summary>
    /// Environment variables for a <c>knapscen</c> process working on this test's database and subjects, plus
    /// <paramref name="settings"/> (configuration keys, turned into <c>Section__Key</c>).
    /// </summary>
    public async Task<Dictionary<string, string>> ProcessEnvironmentAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = (settings ?? new Dictionary<string, string?>())
            .ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value!);
        environment["Nats__Url"] = (await Stack.UpAsync()).NatsUrl;
        environment["Nats__SubjectPrefix"] = SubjectPrefix;
        environment["Database__ConnectionString"] = ConnectionString;
        return environment;
    }

    /// <summary>Publishes <paramref name="count"/> sample registrations, each for a new customer; returns their saga ids.</summary>
    public async Task<IReadOnlyList<Guid>> PublishOnboardingsAsync(int count)
    {
        var sagaIds = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(sagaIds.Select(id => PublishRawAsync("customer-registered", System.Text.Encoding.UTF8.GetBytes(Intake.InvalidEvents.SampleJson(id)))));
        return sagaIds;
    }

    public Task PublishAsync(CloudEvent cloudEvent, bool binaryMode = false) =>
        Publisher.PublishAsync(KnapscenSubjects.CustomerRegistered, cloudEvent, binaryMode, CancellationToken.None);

    /// <summary>Publishes bytes as they are, without an id for server-side dedup: how a careless producer sends.</summary>
    public async Task PublishRawAsync(string subject, byte[] body, NatsHeaders? headers = null)
    {
        var ack = await JetStream.PublishAsync(Names.Subject(subject), body, headers: headers);
        ack.EnsureSuccess();
    }

    internal Task<SagaSnapshot> WaitForFinalAsync(Guid sagaId, TimeSpan timeout) =>
        Eventually.ReturnsAsync(
            async () => await Sagas.ReadAsync(sagaId, CancellationToken.None) is { IsFinal: true } saga ? saga : null,
            timeout,
            $"saga {sagaId} reaching a final state");

    /// <summary>Reads the dead-letter stream from its start until <paramref name="count"/> messages were seen.</summary>
    public async Task<IReadOnlyList<INatsJSMsg<byte[]>>> ReadDeadLettersAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var consumer = await JetStream.CreateOrderedConsumerAsync(Names.DeadLetterStream, cancellationToken: deadline.Token);
        var messages = new List<INatsJSMsg<byte[]>>();
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: deadline.Token))
        {
            messages.Add(message);
            if (messages.Count == count)
            {
                break;
            }
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(stopTimeout.Token);
        await TestStreams.DeleteAsync(JetStream, Names);
        host.Dispose();
        await database.DisposeAsync();
    }
}
