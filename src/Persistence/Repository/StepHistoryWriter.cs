using System.Data.Common;
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
    // One row per attempt, written when the attempt finishes: a row at the launch and an update at the result cost a
    // transition two more statements than the saga needs. A running attempt is on the saga row (steps_json). The upsert
    // completes a row that a version writing rows at launch left behind; only then does it meet an existing row (whose
    // next-key lock once deadlocked group transactions), so that cost is limited to attempts running during an upgrade.
    // VALUES() rather than the row alias syntax: MariaDB does not know "AS new".
    private const string FinishSql = """
        INSERT INTO saga_step_history (saga_id, step, user_index, attempt, launch_id, started_at, finished_at, outcome, error)
        VALUES (@saga{0}, @step{0}, @user{0}, @attempt{0}, @launch{0}, @started{0}, @finished{0}, @outcome{0}, @error{0})
        ON DUPLICATE KEY UPDATE
            launch_id = VALUES(launch_id),
            finished_at = VALUES(finished_at),
            outcome = VALUES(outcome),
            error = VALUES(error);
        """;

    /// <summary>Appends the rows of the finished attempts among <paramref name="records"/>; a started attempt writes none.</summary>
    /// <param name="tag">Makes the parameter names unique among the batches sent together.</param>
    public static void Append(StringBuilder sql, List<DbParameter> parameters, IReadOnlyList<StepAttemptRecord> records, int tag)
    {
        for (var row = 0; row < records.Count; row++)
        {
            var record = records[row];
            if (record.FinishedAt is null && record.Outcome is null)
            {
                continue;
            }

            var i = string.Create(CultureInfo.InvariantCulture, $"{tag}_{row}");
            sql.AppendFormat(CultureInfo.InvariantCulture, FinishSql, i).Append('\n');
            parameters.Add(new MySqlParameter($"@saga{i}", record.SagaId.ToString()));
            parameters.Add(new MySqlParameter($"@step{i}", record.Step));
            parameters.Add(new MySqlParameter($"@user{i}", record.UserIndex ?? StepHistoryEntry.NotPerUser));
            parameters.Add(new MySqlParameter($"@attempt{i}", record.Attempt));
            parameters.Add(new MySqlParameter($"@launch{i}", record.LaunchId));
            parameters.Add(new MySqlParameter($"@started{i}", record.StartedAt.UtcDateTime));
            parameters.Add(new MySqlParameter($"@finished{i}", (object?)(record.FinishedAt ?? record.StartedAt).UtcDateTime));
            parameters.Add(new MySqlParameter($"@outcome{i}", (object?)record.Outcome ?? DBNull.Value));
            parameters.Add(new MySqlParameter($"@error{i}", (object?)Truncate(record.Error) ?? DBNull.Value));
        }
    }

    // Strict SQL mode rejects an over-long value, and a step error text must never make the saga unsavable.
    private static string? Truncate(string? error) =>
        error is { Length: > StepHistoryEntryConfiguration.ErrorLength } ? error[..StepHistoryEntryConfiguration.ErrorLength] : error;
}
