using System.Collections.Concurrent;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>Stands in for Jobs in harness specs: remembers what was launched; results are sent by the spec.</summary>
internal sealed class RecordingLauncher : IStepLauncher, IStepCanceller
{
    private readonly ConcurrentDictionary<string, StepLaunchRequest> launches = new();

    public string Name => "recording";

    public ConcurrentQueue<string> Cancelled { get; } = new();

    /// <summary>Every launch in the order it happened, duplicates included.</summary>
    public ConcurrentQueue<StepLaunchRequest> Sequence { get; } = new();

    public IReadOnlyCollection<StepLaunchRequest> Launches => [.. launches.Values];

    public Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken)
    {
        Sequence.Enqueue(request);
        return Task.FromResult(launches.TryAdd(request.LaunchId, request) ? StepLaunchOutcome.Launched : StepLaunchOutcome.AlreadyLaunched);
    }

    public Task CancelAsync(Guid sagaId, IReadOnlyList<string> launchIds, CancellationToken cancellationToken)
    {
        foreach (var id in launchIds)
        {
            Cancelled.Enqueue(id);
        }

        return Task.CompletedTask;
    }

    public StepLaunchRequest Latest(string step, int? userIndex = null) =>
        launches.Values.Where(launch => launch.Step == step && launch.UserIndex == userIndex).MaxBy(launch => launch.Attempt)
        ?? throw new InvalidOperationException($"{step} (user {userIndex}) was never launched");

    public int AttemptsOf(string step, int? userIndex = null) =>
        launches.Values.Count(launch => launch.Step == step && launch.UserIndex == userIndex);
}
