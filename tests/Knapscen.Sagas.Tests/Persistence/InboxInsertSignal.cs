using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Knapscen.Sagas.Tests.Persistence;

/// <summary>Tells a test when the repository has written its inbox row, that is, holds that row's lock.</summary>
public sealed class InboxInsertSignal : DbCommandInterceptor
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Task FirstInsert => _first.Task;

    public int Count => Volatile.Read(ref _count);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith("INSERT INTO processed_events", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
            _first.TrySetResult();
        }

        return ValueTask.FromResult(result);
    }
}
