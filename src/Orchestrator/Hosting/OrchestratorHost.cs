using Knapscen.Sagas.Adapters.Kubernetes;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Orchestrator.Operations;
using Knapscen.Sagas.Orchestrator.Telemetry;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Deadlines;
using Knapscen.Sagas.Persistence.Retention;
using Knapscen.Sagas.StateMachines;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>Composes the orchestrator: intake, saga with its MySQL repository, step launcher.</summary>
internal static class OrchestratorHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        // Settings files ship beside the binary; the working directory can be anywhere.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddSettingsAndLogging(builder);
        return builder;
    }

    /// <summary>The builder of <c>knapscen serve</c>: the same settings and logging, plus the HTTP server for the admin API.</summary>
    public static WebApplicationBuilder CreateWebBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddSettingsAndLogging(builder);
        return builder;
    }

    /// <summary>Everything <c>knapscen serve</c> runs besides the admin API.</summary>
    public static TBuilder AddOrchestrator<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var database = DatabaseSettings.From(builder.Configuration);
        builder.Services.AddKnapscenPersistence(database.ConnectionString, database.ServerVersion);

        // First of all hosted services, ahead of those the admin API's registrations brought in (data protection reads
        // its key ring from the database at start): nothing starts against a server that cannot be reached, or a schema
        // not yet migrated.
        var first = 0;
        builder.Services.Insert(first++, ServiceDescriptor.Singleton<IHostedService>(provider => new StartupChecks(
            database, provider.GetRequiredService<NATS.Client.Core.INatsConnection>(), provider.GetRequiredService<IOptions<NatsOptions>>())));
        if (database.MigrateOnStart)
        {
            builder.Services.Insert(first, ServiceDescriptor.Singleton<IHostedService, MigrateOnStartService>());
        }

        if (builder.Configuration[PauseBeforeCommitHook.Setting] is { Length: > 0 } marker)
        {
            builder.Services.AddSingleton<ISagaCommitHook>(PauseBeforeCommitHook.Create(marker, builder.Environment));
        }

        builder.Services.AddDeadlineScanner(builder.Configuration);
        builder.Services.AddInboxRetention(builder.Configuration);
        builder.Services.AddOnboardingSagaServices(builder.Configuration);
        builder.Services.AddMediator(mediator => mediator.AddOnboardingSaga().MySqlRepository());
        LocalStepSecrets.AddDefaults(builder.Configuration, database.ConnectionString);
        builder.Services.AddStepLauncher(builder.Configuration);
        builder.Services.AddNatsIntake();
        builder.Services.AddOperations();
        builder.AddKnapscenTelemetry();
        builder.AddKnapscenMetrics();
        return builder;
    }

    private static void AddSettingsAndLogging(IHostApplicationBuilder builder)
    {
        builder.Configuration.AddJsonFile("steps.json", optional: false, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.AddConsoleLogging();
    }
}
