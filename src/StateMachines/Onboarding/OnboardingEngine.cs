using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// Moves a saga's step runs forward after each event: starts the next phase when one is done, launches runs that
/// are due, turns failures into retries or, when they are for good, into compensation in reverse order.
/// Runs inside the saga transaction; launches are idempotent by launch id, so a rolled-back event is safe to redo.
/// </summary>
internal sealed class OnboardingEngine(StepDispatcher dispatcher, StepPlan plan, IStepCanceller canceller, TimeProvider clock)
{
    /// <summary>Grace beyond a step's own timeout, so a Job's DeadlineExceeded (with its reason) usually arrives first.</summary>
    private static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(5);

    public DateTimeOffset Now => clock.GetUtcNow();

    public void RecordSuccess(CustomerOnboardingState saga, string step, int? userIndex)
    {
        var run = saga.FindStep(step, userIndex)!;
        run.Status = StepStatus.Succeeded;
        saga.FinishAttempt(run, nameof(StepStatus.Succeeded), error: null, Now);
        if (run.Compensates is { } forwardStep && saga.FindStep(forwardStep, userIndex) is { } undone)
        {
            undone.Status = StepStatus.Compensated;
        }
    }

    /// <summary>A failed attempt is retried after its backoff while attempts are left; then the step fails for good.</summary>
    public void RecordFailure(CustomerOnboardingState saga, string step, int? userIndex, string reason)
    {
        var run = saga.FindStep(step, userIndex)!;
        saga.FinishAttempt(run, "Failed", reason, Now);
        if (saga.FailureReason is null || run.Compensates is not null)
        {
            if (plan.HasAttemptsLeft(step, run.Attempt - run.AttemptsForgiven))
            {
                run.Status = StepStatus.Scheduled;
                run.Deadline = Now + plan.RetryDelay(step, run.Attempt - run.AttemptsForgiven);
                return;
            }
        }

        run.Status = StepStatus.Failed;
        run.Deadline = null;
        saga.LastError = $"{Describe(run)} failed after {run.Attempt} attempt(s): {reason}";
    }

    /// <summary>
    /// Running attempts past their deadline count as failed attempts. While compensating, forward steps are not timed
    /// out but interrupted by <see cref="AdvanceAsync"/>, so that they are undone.
    /// </summary>
    public void RecordTimeouts(CustomerOnboardingState saga)
    {
        var runs = saga.FailureReason is null ? saga.Steps : saga.CompensationRuns();
        foreach (var run in runs.Where(run => run.Status == StepStatus.Running && run.Deadline <= Now).ToList())
        {
            var limit = run.Deadline - run.StartedAt;
            RecordFailure(saga, run.Step, run.UserIndex, $"timed out after {limit?.TotalSeconds:F0} s");
        }
    }

    /// <param name="launch">
    /// False for operator commands: they only schedule (due now) and the deadline scanner of a running orchestrator
    /// launches, so a command sent from the CLI never starts a step inside the short-lived CLI process.
    /// </param>
    public async Task<OnboardingProgress> AdvanceAsync(CustomerOnboardingState saga, bool launch, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (saga.FailureReason is null && saga.ForwardRuns().FirstOrDefault(run => run.Status == StepStatus.Failed) is { } failed)
            {
                saga.FailureReason = $"{Describe(failed)} failed: {failed.LastError}";
            }

            if (saga.FailureReason is not null)
            {
                return await AdvanceCompensationAsync(saga, launch, cancellationToken).ConfigureAwait(false);
            }

            var phase = CurrentPhase(saga);
            if (phase is null)
            {
                return OnboardingProgress.Completed;
            }

            if (!launch || !await LaunchDueAsync(saga, saga.ForwardRuns(), cancellationToken).ConfigureAwait(false))
            {
                return Enum.Parse<OnboardingProgress>(phase.Name);
            }
        }
    }

    /// <summary>Operator Retry: failed, overdue or waiting instances of the current phase start a new attempt now, with a fresh budget.</summary>
    public bool ScheduleRetryOfStuckSteps(CustomerOnboardingState saga)
    {
        var stuck = saga.ForwardRuns()
            .Where(run => run.Status is StepStatus.Failed or StepStatus.Scheduled || (run.Status == StepStatus.Running && run.Deadline <= Now))
            .ToList();
        foreach (var run in stuck)
        {
            if (run.Status == StepStatus.Running)
            {
                saga.FinishAttempt(run, "Abandoned", "retried by an operator after its deadline", Now);
            }

            Reschedule(run);
        }

        return stuck.Count > 0;
    }

    /// <summary>
    /// Operator Retry on a saga that needs attention: go forward again from the first phase that is not done.
    /// Steps that were compensated run again; forward steps are idempotent, so what still stands is not doubled.
    /// </summary>
    public void ResumeForward(CustomerOnboardingState saga)
    {
        saga.FailureReason = null;
        saga.LastError = null;
        foreach (var run in saga.CompensationRuns().Where(run => run.Status is StepStatus.Failed or StepStatus.Scheduled))
        {
            run.Status = StepStatus.Cancelled;
            run.Deadline = null;
        }

        foreach (var run in saga.ForwardRuns().Where(run => run.Status is not (StepStatus.Succeeded or StepStatus.Running)))
        {
            Reschedule(run);
        }
    }

    public void BeginCompensation(CustomerOnboardingState saga, string reason) => saga.FailureReason ??= reason;

    /// <summary>Operator Compensate on a saga that needs attention: failed compensations get a fresh budget.</summary>
    public void RetryFailedCompensations(CustomerOnboardingState saga)
    {
        foreach (var run in saga.CompensationRuns().Where(run => run.Status == StepStatus.Failed))
        {
            Reschedule(run);
        }
    }

    /// <summary>Stops everything that has not finished; returns the runs that were running, whose launches must be stopped.</summary>
    public IReadOnlyList<StepRun> Cancel(CustomerOnboardingState saga)
    {
        var running = saga.Steps.Where(run => run.Status == StepStatus.Running).ToList();
        foreach (var run in saga.Steps.Where(run => run.Status is StepStatus.Running or StepStatus.Scheduled))
        {
            if (run.Status == StepStatus.Running)
            {
                saga.FinishAttempt(run, nameof(StepStatus.Cancelled), "cancelled by an operator", Now);
            }

            run.Status = StepStatus.Cancelled;
            run.Deadline = null;
        }

        return running;
    }

    /// <summary>The first phase with an instance not yet succeeded; its runs are created (due now) when it starts.</summary>
    private OnboardingPhase? CurrentPhase(CustomerOnboardingState saga)
    {
        foreach (var phase in OnboardingPhase.InOrder)
        {
            var complete = true;
            foreach (var step in phase.Steps)
            {
                foreach (var userIndex in plan.InstancesOf(step, saga.Users))
                {
                    var run = saga.FindStep(step, userIndex);
                    if (run is null)
                    {
                        run = new StepRun { Step = step, UserIndex = userIndex, Status = StepStatus.Scheduled, Deadline = Now };
                        saga.Steps.Add(run);
                    }

                    complete &= run.Status == StepStatus.Succeeded;
                }
            }

            if (!complete)
            {
                return phase;
            }
        }

        return null;
    }

    /// <summary>
    /// Compensation runs one step at a time, newest success first. Forward steps still running are stopped (their
    /// Jobs deleted) and undone as well, since they may have done their work before they were stopped.
    /// </summary>
    private async Task<OnboardingProgress> AdvanceCompensationAsync(CustomerOnboardingState saga, bool launch, CancellationToken cancellationToken)
    {
        if (launch)
        {
            await InterruptRunningForwardStepsAsync(saga, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Due now: the serving orchestrator's deadline scanner comes at once and does the interrupting.
            foreach (var run in saga.ForwardRuns().Where(run => run.Status == StepStatus.Running))
            {
                run.Deadline = Now;
            }
        }

        while (true)
        {
            foreach (var run in saga.ForwardRuns().Where(run => run.Status == StepStatus.Scheduled))
            {
                run.Status = StepStatus.Cancelled;
                run.Deadline = null;
            }

            if (saga.ForwardRuns().Any(run => run.Status == StepStatus.Running))
            {
                return OnboardingProgress.Compensating;
            }

            if (saga.CompensationRuns().Any(run => run.Status == StepStatus.Failed))
            {
                return OnboardingProgress.NeedsAttention;
            }

            if (saga.CompensationRuns().Any(run => run.Status is StepStatus.Running or StepStatus.Scheduled))
            {
                if (launch && await LaunchDueAsync(saga, saga.CompensationRuns(), cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                return OnboardingProgress.Compensating;
            }

            var next = saga.ForwardRuns()
                .Where(run => run.Status == StepStatus.Succeeded || (run.Status == StepStatus.Cancelled && run.Interrupted))
                .OrderByDescending(run => run.FinishedAt)
                .FirstOrDefault();
            if (next is null)
            {
                return OnboardingProgress.Compensated;
            }

            if (plan.CompensationOf(next.Step) is not { } compensation)
            {
                next.Status = StepStatus.CannotUndo;
                saga.Note(Now, $"{Describe(next)} cannot be undone; left as it is");
                continue;
            }

            var existing = saga.FindStep(compensation, next.UserIndex);
            if (existing is null)
            {
                saga.Steps.Add(new StepRun { Step = compensation, UserIndex = next.UserIndex, Compensates = next.Step, Status = StepStatus.Scheduled, Deadline = Now });
            }
            else
            {
                // Compensated before, then resumed and succeeded again: undo it again with a fresh budget.
                Reschedule(existing);
            }
        }
    }

    /// <summary>Only the orchestrator that launches stops launches: an operator command from the CLI leaves it to the next event.</summary>
    private async Task InterruptRunningForwardStepsAsync(CustomerOnboardingState saga, CancellationToken cancellationToken)
    {
        var running = saga.ForwardRuns().Where(run => run.Status == StepStatus.Running).ToList();
        if (running.Count == 0)
        {
            return;
        }

        await canceller.CancelSagaJobsAsync(saga.CorrelationId, cancellationToken).ConfigureAwait(false);
        foreach (var run in running)
        {
            saga.FinishAttempt(run, nameof(StepStatus.Cancelled), "stopped: the saga is compensating", Now);
            run.Status = StepStatus.Cancelled;
            run.Deadline = null;
            run.Interrupted = true;
        }
    }

    /// <summary>Launches the due scheduled runs; true when a launch failed for good, so the caller must look again.</summary>
    private async Task<bool> LaunchDueAsync(CustomerOnboardingState saga, IEnumerable<StepRun> runs, CancellationToken cancellationToken)
    {
        var failedToLaunch = false;
        foreach (var run in runs.Where(run => run.Status == StepStatus.Scheduled && run.Deadline <= Now).ToList())
        {
            await dispatcher.StartAsync(saga, run, TimeoutGrace, cancellationToken).ConfigureAwait(false);
            failedToLaunch |= run.Status == StepStatus.Failed;
        }

        return failedToLaunch;
    }

    private void Reschedule(StepRun run)
    {
        run.AttemptsForgiven = run.Attempt;
        run.Interrupted = false;
        run.Status = StepStatus.Scheduled;
        run.Deadline = Now;
        run.LastError = null;
    }

    private static string Describe(StepRun run) => run.UserIndex is { } user ? $"{run.Step} (user {user})" : run.Step;
}
