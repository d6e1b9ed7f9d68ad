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
    // VALUES() rather than the row alias syntax: MariaDB does not know "AS new". Used for a started record, whose
    // row is new but for a repeated launch.
    private const string UpsertSql = """
        INSERT INTO saga_step_history (saga_id, step, user_index, attempt, launch_id, started_at, finished_at, outcome, error)
        VALUES (@saga{0}, @step{0}, @user{0}, @attempt{0}, @launch{0}, @started{0}, @finished{0}, @outcome{0}, @error{0})
        ON DUPLICATE KEY UPDATE
            launch_id = VALUES(launch_id),
            finished_at = COALESCE(VALUES(finished_at), finished_at),
            outcome = COALESCE(VALUES(outcome), outcome),
            error = COALESCE(VALUES(error), error);
        """;

    // A finished record's row nearly always exists (its start was written with the launch). An upsert that meets an
    // existing row takes a next-key lock on the unique index, whose gap then blocks other sagas' inserts: with group
    // transactions, which hold their locks longer, that deadlocked. An UPDATE through the unique index locks only the
    // row; the INSERT runs only when it matched nothing (ROW_COUNT() counts matched rows: UseAffectedRows=false).
    // A started record never erases what a finished record wrote, whichever of them arrives second.
    private const string FinishSql = """
        UPDATE saga_step_history SET launch_id = @launch{0}, finished_at = COALESCE(@finished{0}, finished_at),
            outcome = COALESCE(@outcome{0}, outcome), error = COALESCE(@error{0}, error)
        WHERE saga_id = @saga{0} AND step = @step{0} AND user_index = @user{0} AND attempt = @attempt{0};
        INSERT INTO saga_step_history (saga_id, step, user_index, attempt, launch_id, started_at, finished_at, outcome, error)
        SELECT @saga{0}, @step{0}, @user{0}, @attempt{0}, @launch{0}, @started{0}, @finished{0}, @outcome{0}, @error{0} FROM DUAL
        WHERE ROW_COUNT() = 0;
        """;

    public static void Append(StringBuilder sql, List<DbParameter> parameters, IReadOnlyList<StepAttemptRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var finished = record.FinishedAt is not null || record.Outcome is not null;
            sql.AppendFormat(CultureInfo.InvariantCulture, finished ? FinishSql : UpsertSql, i).Append('\n');
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
