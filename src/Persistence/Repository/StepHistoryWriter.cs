using System.Globalization;
using System.Text;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// Builds one statement batch for the rows the transaction adds besides the saga row, so they cost one round trip.
/// </summary>
internal static class StepHistoryWriter
{
    // VALUES() rather than the row alias syntax: MariaDB does not know "AS new". A started record (no outcome)
    // never erases what a finished record wrote, whichever of them arrives second.
    private const string UpsertSql = """
        INSERT INTO saga_step_history (saga_id, step, user_index, attempt, launch_id, started_at, finished_at, outcome, error)
        VALUES (@saga{0}, @step{0}, @user{0}, @attempt{0}, @launch{0}, @started{0}, @finished{0}, @outcome{0}, @error{0})
        ON DUPLICATE KEY UPDATE
            launch_id = VALUES(launch_id),
            finished_at = COALESCE(VALUES(finished_at), finished_at),
            outcome = COALESCE(VALUES(outcome), outcome),
            error = COALESCE(VALUES(error), error);
        """;

    public static void Append(StringBuilder sql, List<MySqlParameter> parameters, IReadOnlyList<StepAttemptRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            sql.AppendFormat(CultureInfo.InvariantCulture, UpsertSql, i).Append('\n');
            parameters.Add(new MySqlParameter($"@saga{i}", record.SagaId.ToString()));
            parameters.Add(new MySqlParameter($"@step{i}", record.Step));
            parameters.Add(new MySqlParameter($"@user{i}", record.UserIndex ?? StepHistoryEntry.NotPerUser));
            parameters.Add(new MySqlParameter($"@attempt{i}", record.Attempt));
            parameters.Add(new MySqlParameter($"@launch{i}", record.LaunchId));
            parameters.Add(new MySqlParameter($"@started{i}", record.StartedAt.UtcDateTime));
            parameters.Add(new MySqlParameter($"@finished{i}", (object?)record.FinishedAt?.UtcDateTime ?? DBNull.Value));
            parameters.Add(new MySqlParameter($"@outcome{i}", (object?)record.Outcome ?? DBNull.Value));
            parameters.Add(new MySqlParameter($"@error{i}", (object?)Truncate(record.Error) ?? DBNull.Value));
        }
    }

    // Strict SQL mode rejects an over-long value, and a step error text must never make the saga unsavable.
    private static string? Truncate(string? error) =>
        error is { Length: > StepHistoryEntryConfiguration.ErrorLength } ? error[..StepHistoryEntryConfiguration.ErrorLength] : error;
}
