using System.CommandLine;
using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class DbCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply the schema migrations in db/migrations that are not applied yet (safe to repeat).");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            var builder = OrchestratorHost.CreateBuilder([]);
            var settings = DatabaseSettings.From(builder.Configuration);
            await StartupChecks.DatabaseReachableAsync(settings.ConnectionString, cancellationToken).ConfigureAwait(false);
            var applied = await new SchemaMigrator(settings.ConnectionString, NullLogger<SchemaMigrator>.Instance)
                .MigrateAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied: {string.Join(", ", applied)}");
            return KnapscenCli.Success;
        });
        return new Command("db", "Database commands.") { migrate };
    }
}
