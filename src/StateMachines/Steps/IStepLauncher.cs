namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Runs one step attempt somewhere (a Kubernetes Job, a local process). Launching the same
/// <see cref="StepLaunchRequest.LaunchId"/> twice must start it once. The outcome arrives later through
/// <see cref="IStepResultPublisher"/>, never as the return value, so it survives an orchestrator restart.
/// </summary>
public interface IStepLauncher
{
    /// <summary>Shown in the start-up log line that says which launcher is active.</summary>
    string Name { get; }

    Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken);
}
