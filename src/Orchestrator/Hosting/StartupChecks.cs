using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Orchestrator.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MySqlConnector;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// Reaches MySQL and NATS before anything else of <c>serve</c> starts: an unreachable server or an unknown database stops
/// the start with one line naming the setting to fix, instead of a stack trace from a migration or a background
/// service that fails (and exits 0) later. A NATS server that answers but refuses the credentials does not stop the
/// start: the server is there, its accounts may be mid-rotation, and the intake retries while /health/ready says why.
/// </summary>
internal sealed class StartupChecks(DatabaseSettings database, INatsConnection nats, IOptions<NatsOptions> natsOptions) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DatabaseReachableAsync(database.ConnectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            await nats.ConnectAsync().ConfigureAwait(false);
        }
        catch (NatsException exception) when (IsRefusedLogin(exception))
        {
            return;
        }
        catch (NatsException exception)
        {
            throw new OperatorException(
                $"Nats:Url (environment variable Nats__Url): cannot connect to the NATS server at {ServerOf(natsOptions.Value.Url)}: {Innermost(exception).Message}",
                exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <exception cref="OperatorException">The server cannot be reached, refuses the login or has no such database.</exception>
    public static async Task DatabaseReachableAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException exception)
            {
                // The server's own words ("Unknown database 'x'", "Access denied for user …") never hold the password.
                var builder = new MySqlConnectionStringBuilder(connectionString);
                throw new OperatorException(
                    $"Database:ConnectionString (environment variable Database__ConnectionString): cannot use database '{builder.Database}' " +
                    $"on {builder.Server}:{builder.Port}: {DatabaseRefusals.Explain(exception, builder.SslMode, "SslMode in Database:ConnectionString")}",
                    exception);
            }
        }
    }

    /// <summary>Host and port only: a URL may carry a user and password.</summary>
    private static string ServerOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Host}:{(uri.IsDefaultPort ? 4222 : uri.Port)}" : "the configured URL";

    private static bool IsRefusedLogin(Exception exception) =>
        Innermost(exception).Message.Contains("authorization violation", StringComparison.OrdinalIgnoreCase)
        || Innermost(exception).Message.Contains("authentication", StringComparison.OrdinalIgnoreCase);

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
