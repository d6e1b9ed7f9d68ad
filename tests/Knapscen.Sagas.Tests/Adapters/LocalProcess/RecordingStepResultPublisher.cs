using System.Collections.Concurrent;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

/// <summary>
/// Keeps every published result and lets a test await the one for a launch id. With <paramref name="real"/> (tests
/// that have NATS) each result first goes through the real publisher, so what it refuses (a duplicate answered
/// wrongly, a bad event) fails the test instead of being recorded; without it (specs, no server) it only records.
/// </summary>
internal sealed class RecordingStepResultPublisher(IStepResultPublisher? real = null) : IStepResultPublisher
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<StepResult>> slots = new(StringComparer.Ordinal);

    public ConcurrentQueue<StepResult> Published { get; } = new();

    public async Task PublishAsync(StepResult result, CancellationToken cancellationToken)
    {
        if (real is not null)
        {
            await real.PublishAsync(result, cancellationToken);
        }

        Published.Enqueue(result);
        Slot(result.LaunchId).TrySetResult(result);
    }

    public Task<StepResult> WaitForAsync(string launchId) => WaitForAsync(launchId, WaitLimit);

    public Task<StepResult> WaitForAsync(string launchId, TimeSpan limit) => Slot(launchId).Task.WaitAsync(limit);

    private TaskCompletionSource<StepResult> Slot(string launchId) =>
        slots.GetOrAdd(launchId, _ => new TaskCompletionSource<StepResult>(TaskCreationOptions.RunContinuationsAsynchronously));
}
