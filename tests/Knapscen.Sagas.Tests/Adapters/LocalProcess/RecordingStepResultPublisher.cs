using System.Collections.Concurrent;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

/// <summary>Keeps every published result and lets a test await the one for a launch id.</summary>
internal sealed class RecordingStepResultPublisher : IStepResultPublisher
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<StepResult>> slots = new(StringComparer.Ordinal);

    public ConcurrentQueue<StepResult> Published { get; } = new();

    public Task PublishAsync(StepResult result, CancellationToken cancellationToken)
    {
        Published.Enqueue(result);
        Slot(result.LaunchId).TrySetResult(result);
        return Task.CompletedTask;
    }

    public Task<StepResult> WaitForAsync(string launchId) => WaitForAsync(launchId, WaitLimit);

    public Task<StepResult> WaitForAsync(string launchId, TimeSpan limit) => Slot(launchId).Task.WaitAsync(limit);

    private TaskCompletionSource<StepResult> Slot(string launchId) =>
        slots.GetOrAdd(launchId, _ => new TaskCompletionSource<StepResult>(TaskCreationOptions.RunContinuationsAsynchronously));
}
