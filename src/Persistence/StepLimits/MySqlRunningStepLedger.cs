using System.Globalization;
using System.Text;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.StepLimits;

/// <summary>
/// The running-step ledger in MySQL (tables <c>running_step_gate</c> and <c>running_step_claims</c>, migration 0007),
/// written on the saga transaction's own connection.
/// </summary>
/// <remarks>
/// Guarantee: every launch of a limited step happens while its transaction holds the gate row, and its claim is
/// inserted before that transaction commits; the next transaction to pass the gate therefore counts it (or, if the
/// transaction rolled back, neither the launch record nor the claim exists, and the launch id makes a redone launch the
/// same Job). A claim counts until its attempt's history row exists with <c>finished_at</c>: the row is written, finished,
/// in the transaction of the result that ended the attempt (the joins below also treat a row left unfinished by an
/// earlier version, which wrote one at the launch, as running). So the number of attempts the sagas consider running
/// never exceeds a limit, on any number of replicas.
/// </remarks>
internal sealed class MySqlRunningStepLedger : IRunningStepLedger
{
    // Lock first, so the count below sees every claim committed before this transaction got the gate. The claims of
    // finished attempts are removed on the way (history rows of finished attempts are never written again, so the
    // join's read locks on them stand in nobody's way).
    private const string LockAndCountSql = """
        SELECT name FROM running_step_gate WHERE name = 'launches' FOR UPDATE;
        DELETE c FROM running_step_claims c
            JOIN saga_step_history h ON h.saga_id = c.saga_id AND h.step = c.step AND h.user_index = c.user_index AND h.attempt = c.attempt
            WHERE h.finished_at IS NOT NULL;
        SELECT step, COUNT(*) FROM running_step_claims WHERE saga_id <> @saga GROUP BY step;
        """;

    // A plain read (no lock under ReadCommitted). Claims whose attempt finished are left out as the locked count's
    // clean-up would remove them, so the estimate is not inflated by claims nobody deleted yet.
    private const string PeekSql = """
        SELECT c.step, COUNT(*) FROM running_step_claims c
            LEFT JOIN saga_step_history h ON h.saga_id = c.saga_id AND h.step = c.step AND h.user_index = c.user_index AND h.attempt = c.attempt
            WHERE c.saga_id <> @saga AND h.finished_at IS NULL
            GROUP BY c.step;
        """;

    private const string ClaimSql =
        "INSERT INTO running_step_claims (saga_id, step, user_index, attempt, claimed_at) VALUES (@saga, @step{0}, @user{0}, @attempt{0}, @at) ON DUPLICATE KEY UPDATE claimed_at = claimed_at;\n";

    private readonly TimeProvider clock;

    public MySqlRunningStepLedger(TimeProvider clock) => this.clock = clock;

    public async Task<RunningStepCounts> PeekOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken)
    {
        await using var command = Command(context, PeekSql);
        command.Parameters.AddWithValue("@saga", sagaId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadCountsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunningStepCounts> LockAndCountOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken)
    {
        await using var command = Command(context, LockAndCountSql);
        command.Parameters.AddWithValue("@saga", sagaId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The running-step gate row is missing; run the migrations (knapscen db migrate).");
        }

        // The counts are the result with two columns; the DELETE yields none the reader stops at.
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.FieldCount == 2)
            {
                return await ReadCountsAsync(reader, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException("The running-step count returned no result.");
    }

    public async Task RecordStartedAsync(PipeContext context, Guid sagaId, IReadOnlyList<StepRun> started, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder();
        await using var command = Command(context, "");
        command.Parameters.AddWithValue("@saga", sagaId.ToString());
        command.Parameters.AddWithValue("@at", clock.GetUtcNow().UtcDateTime);
        for (var i = 0; i < started.Count; i++)
        {
            sql.AppendFormat(CultureInfo.InvariantCulture, ClaimSql, i);
            command.Parameters.AddWithValue($"@step{i}", started[i].Step);
            command.Parameters.AddWithValue($"@user{i}", started[i].UserIndex ?? StepHistoryEntry.NotPerUser);
            command.Parameters.AddWithValue($"@attempt{i}", started[i].Attempt);
        }

        command.CommandText += sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<RunningStepCounts> ReadCountsAsync(MySqlDataReader reader, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return new RunningStepCounts(counts);
    }

    private static MySqlCommand Command(PipeContext context, string sql)
    {
        if (!context.TryGetPayload<SagaDbContext>(out var db) || db.SagaTransaction is not { Ended: false } transaction)
        {
            throw new InvalidOperationException("The running-step ledger is written inside the saga transaction only; this transition has none.");
        }

        return transaction.CreateCommand(sql);
    }
}
