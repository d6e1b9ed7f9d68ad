using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.Tests.Infrastructure;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>The test machine on the MySQL repository behind MassTransit's mediator, over a database of its own.</summary>
public sealed class SagaHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;

    private TestDatabase? ownDatabase;

    private SagaHost(ServiceProvider provider, string connectionString, FakeLoggerProvider logs)
    {
        Logs = logs;
        _provider = provider;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public FakeLoggerProvider Logs { get; }

    public IMediator Mediator => _provider.GetRequiredService<IMediator>();

    public IServiceProvider Services => _provider;

    /// <summary>A new migrated database and a host over it.</summary>
    public static async Task<SagaHost> StartAsync(Action<IServiceCollection>? configure = null, Action<DbContextOptionsBuilder>? configureDbContext = null)
    {
        var database = await TestDatabase.CreateAsync();
        var host = Start(database.ConnectionString, configure, configureDbContext);
        host.ownDatabase = database;
        return host;
    }

    public static SagaHost Start(string connectionString, Action<IServiceCollection>? configure = null, Action<DbContextOptionsBuilder>? configureDbContext = null)
    {
        var services = new ServiceCollection();
        var logs = new FakeLoggerProvider();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddKnapscenPersistence(connectionString, configureDbContext: configureDbContext);
        services.AddMediator(cfg => cfg.AddSagaStateMachine<TestOnboardingMachine, CustomerOnboardingState>().MySqlRepository());
        configure?.Invoke(services);
        return new SagaHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), connectionString, logs);
    }

    public Task SendAsync<T>(T message, (string Source, string Id)? intakeEvent = null)
        where T : class =>
        Mediator.Send(
                message,
                context =>
                {
                    if (intakeEvent is { } e)
                    {
                        context.Headers.Set(IntakeHeaders.EventSource, e.Source);
                        context.Headers.Set(IntakeHeaders.EventId, e.Id);
                        context.Headers.Set(IntakeHeaders.EventType, typeof(T).Name);
                    }
                },
                CancellationToken.None)
            .WaitAsync(Timeout);

    public async Task<CustomerOnboardingState?> ReadSagaAsync(Guid sagaId)
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
        return await db.OnboardingSagas.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == sagaId).WaitAsync(Timeout);
    }

    public async Task<T> QueryAsync<T>(Func<SagaDbContext, Task<T>> query)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SagaDbContext>()).WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (ownDatabase is not null)
        {
            await ownDatabase.DisposeAsync();
        }
    }
}
