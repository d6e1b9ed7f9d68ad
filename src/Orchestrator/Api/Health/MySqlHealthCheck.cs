using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Api.Health;

/// <summary>Ready only while the saga database answers a query: without it no event can be applied.</summary>
internal sealed class MySqlHealthCheck(IConfiguration configuration) : IHealthCheck
{
    private readonly string connectionString = DatabaseSettings.From(configuration).ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = new MySqlConnection(connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = new MySqlCommand("SELECT 1", connection);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return HealthCheckResult.Healthy("the saga database answers");
        }
        catch (MySqlException e)
        {
            // The exception's message, never the connection string: it holds the password.
            return HealthCheckResult.Unhealthy($"the saga database is not reachable: {e.Message}");
        }
    }
}
