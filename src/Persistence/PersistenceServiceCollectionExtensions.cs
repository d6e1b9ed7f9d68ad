using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.Persistence.StepLimits;
using Knapscen.Sagas.Persistence.Telemetry;
using Knapscen.Sagas.StateMachines.GroupCommit;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pooled <see cref="SagaDbContext"/> and what the MySQL saga repository needs. The server version is
    /// given, not detected, because detection costs a round trip on every new connection pool.
    /// </summary>
    /// <param name="serverVersion">As Pomelo parses it, e.g. "10.11-mariadb" or "8.0.36-mysql".</param>
    /// <param name="configureDbContext">Extra options such as interceptors; applied once, the contexts are pooled.</param>
    public static IServiceCollection AddKnapscenPersistence(
        this IServiceCollection services,
        string connectionString,
        string serverVersion = "10.11-mariadb",
        Action<DbContextOptionsBuilder>? configureDbContext = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serverVersion);

        // Version checks count matched rows: with affected rows, saving unchanged values would look like a conflict.
        var sagaConnectionString = new MySqlConnectionStringBuilder(connectionString) { UseAffectedRows = false }.ConnectionString;
        var version = ServerVersion.Parse(serverVersion);
        services.AddDbContextPool<SagaDbContext>(options =>
        {
            options.UseMySql(sagaConnectionString, version);
            configureDbContext?.Invoke(options);
        });
        services.TryAddSingleton(new SagaConnectionString(sagaConnectionString));
        // Read on first use (a launch or a result), after the migrations have created the table.
        services.TryAddSingleton(new LaunchTokens(() => InstallationKeys.LoadOrCreate(sagaConnectionString, "launch-token")));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISagaCommitHook, NoOpSagaCommitHook>();
        // Replaces the state machine's stand-in, whichever was registered first: limits must be counted where every replica looks.
        services.Replace(ServiceDescriptor.Singleton<IRunningStepLedger, MySqlRunningStepLedger>());
        services.TryAddSingleton(new SagaRetryOptions());
        services.TryAddSingleton<ISagaGroupCommit, SagaGroupCommit>();
        services.AddOnboardingMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObservedGauge, SagasByStateGauge>());
        return services;
    }

    /// <summary>
    /// Stores the onboarding saga in MySQL: <c>AddSagaStateMachine&lt;M, CustomerOnboardingState&gt;().MySqlRepository()</c>.
    /// Needs <see cref="AddKnapscenPersistence"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<CustomerOnboardingState> MySqlRepository(
        this ISagaRegistrationConfigurator<CustomerOnboardingState> configurator)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.Repository(repository =>
        {
            repository.RegisterSagaRepository<
                CustomerOnboardingState,
                SagaDbContext,
                SagaTransactionConsumeContextFactory,
                MySqlSagaRepositoryContextFactory>();
            repository.RegisterLoadSagaRepository<CustomerOnboardingState, SagaReadRepositoryContextFactory>();
            repository.RegisterQuerySagaRepository<CustomerOnboardingState, SagaReadRepositoryContextFactory>();
        });
        return configurator;
    }
}
