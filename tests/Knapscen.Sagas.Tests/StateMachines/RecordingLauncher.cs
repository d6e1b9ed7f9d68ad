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

    /// <summary>Records the launches it was asked to stop: the ones of the saga that have not reported yet.</summary>
    public Task<int> CancelSagaJobsAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        var running = launches.Values.Where(launch => launch.SagaId == sagaId && !Reported.Contains(launch.LaunchId)).ToList();
        foreach (var launch in running)
        {
            Cancelled.Enqueue(launch.LaunchId);
        }

        return Task.FromResult(running.Count);
    }

    /// <summary>Launch ids whose result the spec already sent.</summary>
    public ConcurrentBag<string> Reported { get; } = [];

    public StepLaunchRequest Latest(string step, int? userIndex = null) =>
        launches.Values.Where(launch => launch.Step == step && launch.UserIndex == userIndex).MaxBy(launch => launch.Attempt)
        ?? throw new InvalidOperationException($"{step} (user {userIndex}) was never launched");

    public int AttemptsOf(string step, int? userIndex = null) =>
        launches.Values.Count(launch => launch.Step == step && launch.UserIndex == userIndex);
}
