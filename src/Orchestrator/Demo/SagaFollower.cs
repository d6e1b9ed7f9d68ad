using System.Diagnostics;
using Knapscen.Sagas.Orchestrator.Cli;

namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>Prints each change of a saga's state and steps until it is final.</summary>
internal static class SagaFollower
{
    public static async Task<SagaSnapshot> FollowAsync(SagaReader reader, Guid sagaId, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        SagaSnapshot? shown = null;
        try
        {
            while (await ticks.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false))
            {
                var snapshot = await reader.ReadAsync(sagaId, deadline.Token).ConfigureAwait(false);
                if (snapshot is null)
                {
                    continue;
                }

                foreach (var change in snapshot.ChangesSince(shown))
                {
                    Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F2}s] {change}");
                }

                shown = snapshot;
                if (snapshot.IsFinal)
                {
                    return snapshot;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        throw new OperatorException($"saga {sagaId} did not finish within {timeout.TotalSeconds:F0} s (last seen: {shown?.State ?? "no saga row yet"})");
    }
}
