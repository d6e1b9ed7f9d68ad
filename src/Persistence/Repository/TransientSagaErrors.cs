using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>Classifies database failures: which ones a fresh attempt of the same message can overcome.</summary>
internal static class TransientSagaErrors
{
    public static bool IsRetryable(Exception exception) =>
        Flatten(exception).Any(error => error is DbUpdateConcurrencyException
            || error is MySqlException
            {
                ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.DuplicateKeyEntry,
            });

    public static bool IsDuplicateKey(Exception exception) =>
        Flatten(exception).Any(error => error is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry });

    /// <summary>The MySQL error number for logs, or null when the failure did not come from the server.</summary>
    public static int? ServerErrorNumber(Exception exception) =>
        Flatten(exception).OfType<MySqlException>().Select(error => (int?)error.Number).FirstOrDefault();

    // MassTransit and EF wrap the server's exception, sometimes in an AggregateException.
    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is not null)
            {
                pending.Push(current.InnerException);
            }
        }
    }
}
