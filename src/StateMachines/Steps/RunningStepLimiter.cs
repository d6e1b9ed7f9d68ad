using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Starts due runs within the running-step limits. Without a limit that concerns them they start at once, as before;
/// with one, the launch lock is taken, the installation's running instances counted, as many runs started as fit and
/// recorded, all in the saga's transaction. The lock is held until that transaction ends, so two transactions (on one
/// replica or two) never both see the same free slot.
/// </summary>
internal sealed class RunningStepLimiter(
    StepCatalog catalog,
    IOptions<RunningStepLimitOptions> options,
    IRunningStepLedger ledger,
    StepDispatcher dispatcher,
    TimeProvider clock)
{
    public async Task StartAsync(PipeContext context, CustomerOnboardingState saga, IReadOnlyList<StepRun> due, CancellationToken cancellationToken)
    {
        if (!due.Any(run => IsLimited(run.Step)))
        {
            await dispatcher.StartAllAsync(saga, due, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Sagas waiting for a slot look again every recheck; when the unlocked count already says nothing fits, they
        // wait on without queueing for the lock that launches and freed slots need.
        if (Admit(saga, due, await ledger.PeekOthersAsync(context, saga.CorrelationId, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return;
        }

        var admitted = Admit(saga, due, await ledger.LockAndCountOthersAsync(context, saga.CorrelationId, cancellationToken).ConfigureAwait(false));
        await dispatcher.StartAllAsync(saga, admitted, cancellationToken).ConfigureAwait(false);
        var started = admitted.Where(run => run.Status == StepStatus.Running).ToList();
        if (started.Count > 0)
        {
            await ledger.RecordStartedAsync(context, saga.CorrelationId, started, cancellationToken).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<StepRun> Admit(CustomerOnboardingState saga, IReadOnlyList<StepRun> due, RunningStepCounts others)
    {
        // This saga's own runs are counted from the saga itself: a run that finished in this transition is not running
        // any more, though the ledger will only see that once the transition commits.
        var running = others.With(saga.Steps.Where(run => run.Status == StepStatus.Running).Select(run => run.Step));
        var settings = options.Value;
        return RunningStepAdmission.Admit(due, running, StepLimit, settings.MaxRunning, clock.GetUtcNow() + settings.Recheck);
    }

    private bool IsLimited(string step) => options.Value.MaxRunning > 0 || StepLimit(step) > 0;

    private int StepLimit(string step) => catalog.Get(step).Definition.MaxRunning;
}
