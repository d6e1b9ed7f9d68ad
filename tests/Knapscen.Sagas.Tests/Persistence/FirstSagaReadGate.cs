using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>
/// Holds the repository right after its first locking read of a saga row, so a test can change the database
/// between that read and what the repository does next.
/// </summary>
public sealed class FirstSagaReadGate : DbCommandInterceptor
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _passed;

    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command,
        CommandExecutedEventData eventData,
        DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("FROM onboarding_sagas", StringComparison.Ordinal)
            && command.CommandText.Contains("FOR UPDATE", StringComparison.Ordinal)
            && Interlocked.Exchange(ref _passed, 1) == 0)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(SagaHost.Timeout, cancellationToken);
        }

        return result;
    }
}
