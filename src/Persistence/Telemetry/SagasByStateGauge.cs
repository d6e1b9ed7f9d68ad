using System.Diagnostics.Metrics;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Telemetry;

/// <summary>
/// How many sagas are in each state, counted in the saga table (one GROUP BY on the current_state index), so the
/// number is the installation's, whichever replica is scraped.
/// </summary>
internal sealed partial class SagasByStateGauge : IObservedGauge
{
    private const string CountSql = "SELECT current_state, COUNT(*) FROM onboarding_sagas GROUP BY current_state";

    private readonly CachedReading<IReadOnlyList<(string State, long Count)>> counts;
    private readonly ILogger<SagasByStateGauge> logger;

    public SagasByStateGauge(SagaConnectionString connectionString, OnboardingMetrics metrics, TimeProvider clock, ILogger<SagasByStateGauge> logger)
    {
        this.logger = logger;
        counts = new CachedReading<IReadOnlyList<(string State, long Count)>>(ct => CountAsync(connectionString.Value, ct), TimeSpan.FromSeconds(5), clock);
        metrics.Meter.CreateObservableGauge("knapscen.sagas", Observe, "{saga}", "Sagas in the database, by current state");
    }

    private static async Task<IReadOnlyList<(string State, long Count)>> CountAsync(string connectionString, CancellationToken ct)
    {
        var connection = new MySqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var command = new MySqlCommand(CountSql, connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var rows = new List<(string, long)>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        rows.Add((reader.GetString(0), reader.GetInt64(1)));
                    }

                    return rows;
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe() =>
        counts.Get(error => LogReadFailed(error.GetType().Name)) is { } rows
            ? rows.Select(row => new Measurement<long>(row.Count, new KeyValuePair<string, object?>("state", row.State)))
            : [];

    // The error type only: a MySQL error text can quote the connection's user and host.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count sagas by state for the metrics ({ErrorType})")]
    private partial void LogReadFailed(string errorType);
}
