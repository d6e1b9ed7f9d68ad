using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// Recognises the refusal of a saga write whose row changed after it was locked (the check of migration 0009, which
/// the guarded UPDATE of <see cref="SagaRowWriter"/> trips) and turns it into the conflict a fresh attempt overcomes.
/// </summary>
internal static class SagaVersionGuard
{
    private const string ConstraintName = "ck_onboarding_sagas_version";

    // MySQL 8 reports ER_CHECK_CONSTRAINT_VIOLATED, MariaDB ER_CONSTRAINT_FAILED; both name the constraint.
    private const int MySqlCheckViolated = 3819;
    private const int MariaDbConstraintFailed = 4025;

    public static bool IsRefusal(MySqlException error) =>
        error.Number is MySqlCheckViolated or MariaDbConstraintFailed
        && error.Message.Contains(ConstraintName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The conflict a fresh attempt overcomes; <paramref name="refusal"/> is the server's error, if it sent one.</summary>
    public static DbUpdateConcurrencyException Conflict(Exception? refusal) =>
        new("A saga row changed after this transaction locked it; its version no longer matches.", refusal);
}
