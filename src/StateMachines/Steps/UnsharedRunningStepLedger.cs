using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Stands in where no shared database is registered: a limit counted in one process would not hold across replicas,
/// so a configured limit without the MySQL persistence is refused rather than half kept.
/// </summary>
internal sealed class UnsharedRunningStepLedger : IRunningStepLedger
{
    private const string Refusal =
        "Running-step limits (StepLimits:MaxRunning, Steps:<step>:MaxRunning) are counted in the saga database; register the MySQL persistence (AddKnapscenPersistence) or set no limit.";

    public Task<RunningStepCounts> PeekOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Refusal);

    public Task<RunningStepCounts> LockAndCountOthersAsync(PipeContext context, Guid sagaId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Refusal);

    public Task RecordStartedAsync(PipeContext context, Guid sagaId, IReadOnlyList<StepRun> started, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Refusal);
}
