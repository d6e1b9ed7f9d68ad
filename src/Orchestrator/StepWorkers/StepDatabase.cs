using Knapscen.Sagas.Orchestrator.Hosting;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>Opens the domain database and turns the errors a step's input can cause into one-line reasons.</summary>
internal static class StepDatabase
{
    public static async Task<MySqlConnection> OpenAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(environment.ConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (MySqlException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var sslMode = new MySqlConnectionStringBuilder(environment.ConnectionString()).SslMode;
            throw new StepFailedException($"cannot reach the database at {environment.DatabaseEndpoint()}: {DatabaseRefusals.Explain(e, sslMode, "DB_SSL_MODE")}");
        }
    }

    /// <summary>A child row names a customer that is not there (error 1452): the saga's customer step has not run or was compensated.</summary>
    public static bool IsMissingParent(MySqlException e) => e.ErrorCode == MySqlErrorCode.NoReferencedRow2 || e.ErrorCode == MySqlErrorCode.NoReferencedRow;

    public static bool IsDuplicateKey(MySqlException e) => e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry;

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
