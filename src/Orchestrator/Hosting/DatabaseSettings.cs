using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>Configuration section <c>Database</c>, read before the container is built because the repository needs it to register.</summary>
internal sealed record DatabaseSettings(string ConnectionString, string ServerVersion, bool MigrateOnStart)
{
    public static DatabaseSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new Cli.OperatorException(
                "Database:ConnectionString is not set (environment variable Database__ConnectionString); " +
                "for the local stack run 'scripts/stack.sh up' and 'source .state/stack.env'.");
        }

        return new DatabaseSettings(
            connectionString,
            section["ServerVersion"] ?? "10.11-mariadb",
            !bool.TryParse(section["MigrateOnStart"], out var migrate) || migrate);
    }
}
