using Knapscen.Sagas.Persistence.Reading;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Deadlines;
using Knapscen.Sagas.Persistence.Migrations;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.Tests.Infrastructure;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.Persistence.Deadlines;

/// <summary>
/// One replica's services as the orchestrator registers them (repository, mediator, deadline scanner), with the deadline
/// test machine and a fake clock. Several hosts over one database stand for several replicas.
/// </summary>
public sealed class DeadlineHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static readonly DateTimeOffset Epoch = new(2030, 1, 7, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private DeadlineHost(ServiceProvider provider, CapturingLoggerProvider logs)
    {
        _provider = provider;
        Logs = logs;
    }

    public CapturingLoggerProvider Logs { get; }

    internal DeadlineScanner Scanner => _provider.GetRequiredService<DeadlineScanner>();

    public SagaTableReader Queries => _provider.GetRequiredService<SagaTableReader>();

    /// <summary>Registered but not started: a test starts and stops them itself.</summary>
    public IEnumerable<IHostedService> HostedServices => _provider.GetServices<IHostedService>();

    public static async Task<string> NewDatabaseAsync()
    {
        var env = await Stack.UpAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var connectionString = await env.CreateDatabaseAsync().WaitAsync(Timeout);
        await new SchemaMigrator(connectionString).MigrateAsync(CancellationToken.None).WaitAsync(Timeout);
        return connectionString;
    }

    public static DeadlineHost Start(string connectionString, FakeTimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        var logs = new CapturingLoggerProvider();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(time);
        // A retry delay on the fake clock would wait for a test to advance it; conflicts retry at once instead.
        services.AddSingleton(new SagaRetryOptions { BaseDelay = TimeSpan.Zero });
        services.AddKnapscenPersistence(connectionString);
        services.AddMediator(cfg => cfg.AddSagaStateMachine<DeadlineTestMachine, CustomerOnboardingState>().MySqlRepository());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        services.AddDeadlineScanner(configuration);
        return new DeadlineHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), logs);
    }

    public Task SendAsync<T>(T message)
        where T : class =>
        _provider.GetRequiredService<IMediator>().Send(message, CancellationToken.None).WaitAsync(Timeout);

    public Task<int> ScanOnceAsync() => Scanner.ScanOnceAsync(CancellationToken.None).WaitAsync(Timeout);

    public async Task<CustomerOnboardingState> ReadSagaAsync(Guid sagaId)
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
        return await db.OnboardingSagas.AsNoTracking().SingleAsync(s => s.CorrelationId == sagaId).WaitAsync(Timeout);
    }

    public async Task<Dictionary<Guid, int>> HandledDeadlinesAsync()
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
        return await db.OnboardingSagas.AsNoTracking().ToDictionaryAsync(s => s.CorrelationId, s => s.IgnoredEvents).WaitAsync(Timeout);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
