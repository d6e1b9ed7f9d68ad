using Knapscen.Sagas.Adapters.Kubernetes;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.StateMachines;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>Composes the orchestrator: intake, saga with its MySQL repository, step launcher.</summary>
internal static class OrchestratorHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        // Settings files ship beside the binary; the working directory can be anywhere.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile("steps.json", optional: false, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        return builder;
    }

    /// <summary>Everything <c>knapscen serve</c> runs.</summary>
    public static HostApplicationBuilder AddOrchestrator(this HostApplicationBuilder builder)
    {
        var database = DatabaseSettings.From(builder.Configuration);
        builder.Services.AddKnapscenPersistence(database.ConnectionString, database.ServerVersion);
        if (database.MigrateOnStart)
        {
            builder.Services.AddHostedService<MigrateOnStartService>();
        }

        if (builder.Configuration["Testing:PauseBeforeCommitMarker"] is { Length: > 0 } marker)
        {
            builder.Services.AddSingleton<ISagaCommitHook>(new PauseBeforeCommitHook(marker));
        }

        builder.Services.AddOnboardingSagaServices(builder.Configuration);
        builder.Services.AddMediator(mediator => mediator.AddOnboardingSaga().MySqlRepository());
        LocalStepSecrets.AddDefaults(builder.Configuration, database.ConnectionString);
        builder.Services.AddStepLauncher(builder.Configuration);
        builder.Services.AddNatsIntake();
        return builder;
    }
}
