using System.CommandLine;
using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

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
            IReadOnlyList<string> applied;
            try
            {
                applied = await new SchemaMigrator(settings.ConnectionString, NullLogger<SchemaMigrator>.Instance)
                    .MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException e)
            {
                // The server's own words (refused credentials, insecure transport, unknown host) say what to fix.
                var server = new MySqlConnectionStringBuilder(settings.ConnectionString);
                throw new OperatorException(
                    $"cannot migrate the database at {server.Server}:{server.Port}: {DatabaseRefusals.Explain(e, server.SslMode, "SslMode in Database:ConnectionString")}", e);
            }

            Console.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied: {string.Join(", ", applied)}");
            return KnapscenCli.Success;
        });
        return new Command("db", "Database commands.") { migrate };
    }
}
