using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Where the installation's running step instances are counted: one place every orchestrator replica sees, written in
/// the saga's own transaction (<paramref name="context"/> carries it), so a launch and its count commit or roll back together.
/// </summary>
public interface IRunningStepLedger
{
    /// <summary>
    /// Counts the instances running in other sagas without any lock, as last committed: an estimate that decides only
    /// whether taking the lock is worth it, never what starts.
    /// </summary>
    Task<RunningStepCounts> PeekOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the installation's launch lock until the saga transaction ends (another transaction that wants to launch
    /// a limited step waits here) and counts the instances running in other sagas.
    /// </summary>
    Task<RunningStepCounts> LockAndCountOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken);

    /// <summary>Records the attempts this transaction started, so every count after it includes them until they finish.</summary>
    Task RecordStartedAsync(PipeContext context, Guid sagaId, IReadOnlyList<StepRun> started, CancellationToken cancellationToken);
}
