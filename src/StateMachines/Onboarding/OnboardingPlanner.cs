using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// The onboarding's planning, with no I/O: records results on the step runs, says which runs are due to launch and
/// answers the machine's questions (is a phase done, did a step fail for good, is everything undone). The machine
/// decides the state from these answers; the activities do the launching and stopping.
/// </summary>
internal sealed class OnboardingPlanner(StepPlan plan)
{
    public void RecordSuccess(CustomerOnboardingState saga, string step, int? userIndex, DateTimeOffset now)
    {
        var run = saga.FindStep(step, userIndex)!;
        // No waiting for it: the container publishes before it exits and one saga's messages are handled in stream
        // order, so an output missing when the completion is applied was never published.
        if (run.Output is null && plan.RequiresOutput(step))
        {
            RecordFailure(saga, step, userIndex, "it ended successfully but reported no result event on its result subject (NATS_SUBJECT), and later steps need its output", now);
            return;
        }

        run.Status = StepStatus.Succeeded;
        saga.FinishAttempt(run, nameof(StepStatus.Succeeded), error: null, now);
        if (run.Compensates is { } forwardStep && saga.FindStep(forwardStep, userIndex) is { } undone)
        {
            undone.Status = StepStatus.Compensated;
        }
    }

    /// <summary>A failed attempt is retried after its backoff while attempts are left; then the step fails for good.</summary>
    public void RecordFailure(CustomerOnboardingState saga, string step, int? userIndex, string reason, DateTimeOffset now)
    {
        var run = saga.FindStep(step, userIndex)!;
        saga.FinishAttempt(run, "Failed", reason, now);
        if ((saga.FailureReason is null || run.Compensates is not null) && plan.HasAttemptsLeft(step, run.Attempt - run.AttemptsForgiven))
        {
            run.Status = StepStatus.Scheduled;
            run.Deadline = now + plan.RetryDelay(step, run.Attempt - run.AttemptsForgiven);
            return;
        }

        run.Status = StepStatus.Failed;
        run.Deadline = null;
        saga.LastError = $"{Describe(run)} failed after {run.Attempt} attempt(s): {reason}";
    }

    /// <summary>Running attempts past their deadline count as failed attempts (forward ones are stopped, not timed out, once compensating).</summary>
    public void RecordTimeouts(CustomerOnboardingState saga, DateTimeOffset now)
    {
        var runs = saga.FailureReason is null ? saga.Steps : saga.CompensationRuns();
        foreach (var run in runs.Where(run => run.Status == StepStatus.Running && run.Deadline <= now).ToList())
        {
            var limit = run.Deadline - run.StartedAt;
            RecordFailure(saga, run.Step, run.UserIndex, $"timed out after {limit?.TotalSeconds:F0} s", now);
        }
    }

    public static bool StepFailedForGood(CustomerOnboardingState saga) =>
        saga.ForwardRuns().Any(run => run.Status == StepStatus.Failed);

    /// <summary>Every instance of the phase's steps succeeded (a phase with no instances, e.g. no users, is done at once).</summary>
    public bool IsDone(CustomerOnboardingState saga, OnboardingPhase phase) =>
        phase.Steps.All(step => plan.InstancesOf(step, saga.Users).All(userIndex => saga.FindStep(step, userIndex)?.Status == StepStatus.Succeeded));

    /// <summary>
    /// Forward runs due to launch now. The first phase not done gets its runs (due now) the first time it is asked
    /// for; nothing goes forward while a step has failed for good.
    /// </summary>
    public IReadOnlyList<StepRun> DueForwardRuns(CustomerOnboardingState saga, DateTimeOffset now)
    {
        if (StepFailedForGood(saga))
        {
            return [];
        }

        if (OnboardingPhase.InOrder.FirstOrDefault(phase => !IsDone(saga, phase)) is { } current)
        {
            foreach (var step in current.Steps)
            {
                foreach (var userIndex in plan.InstancesOf(step, saga.Users).Where(userIndex => saga.FindStep(step, userIndex) is null))
                {
                    saga.Steps.Add(new StepRun { Step = step, UserIndex = userIndex, Status = StepStatus.Scheduled, Deadline = now });
                }
            }
        }

        return Due(saga.ForwardRuns(), now);
    }

    /// <summary>Why the onboarding turns back, unless an operator already said why.</summary>
    public static void BeginCompensation(CustomerOnboardingState saga, string? reason = null)
    {
        if (reason is null && saga.ForwardRuns().FirstOrDefault(run => run.Status == StepStatus.Failed) is { } failed)
        {
            reason = $"{Describe(failed)} failed: {failed.LastError}";
        }

        saga.FailureReason ??= reason;
    }

    public static IReadOnlyList<StepRun> RunningForwardRuns(CustomerOnboardingState saga) =>
        [.. saga.ForwardRuns().Where(run => run.Status == StepStatus.Running)];

    /// <summary>Forward steps stopped by compensation are undone as well: they may have done their work before they were stopped.</summary>
    public static void MarkInterrupted(CustomerOnboardingState saga, IEnumerable<StepRun> stopped, DateTimeOffset now)
    {
        foreach (var run in stopped)
        {
            saga.FinishAttempt(run, nameof(StepStatus.Cancelled), "stopped: the saga is compensating", now);
            run.Status = StepStatus.Cancelled;
            run.Deadline = null;
            run.Interrupted = true;
        }
    }

    /// <summary>
    /// Compensation runs due to launch now: one step is undone at a time, newest success first; a step with no
    /// compensation is noted and left as it is. Forward runs still waiting are dropped.
    /// </summary>
    public IReadOnlyList<StepRun> DueCompensationRuns(CustomerOnboardingState saga, DateTimeOffset now)
    {
        foreach (var run in saga.ForwardRuns().Where(run => run.Status == StepStatus.Scheduled))
        {
            run.Status = StepStatus.Cancelled;
            run.Deadline = null;
        }

        while (!CompensationFailed(saga) && !saga.CompensationRuns().Any(run => run.Status is StepStatus.Running or StepStatus.Scheduled)
            && NextToUndo(saga) is { } next)
        {
            if (plan.CompensationOf(next.Step) is not { } compensation)
            {
                next.Status = StepStatus.CannotUndo;
                saga.Note(now, $"{Describe(next)} cannot be undone; left as it is");
            }
            else if (saga.FindStep(compensation, next.UserIndex) is { } existing)
            {
                // Compensated before, then resumed and succeeded again: undo it again with a fresh budget.
                Reschedule(existing, now);
            }
            else
            {
                saga.Steps.Add(new StepRun { Step = compensation, UserIndex = next.UserIndex, Compensates = next.Step, Status = StepStatus.Scheduled, Deadline = now });
            }
        }

        return Due(saga.CompensationRuns(), now);
    }

    public static bool CompensationFailed(CustomerOnboardingState saga) =>
        saga.CompensationRuns().Any(run => run.Status == StepStatus.Failed);

    /// <summary>Nothing runs, nothing waits and no done step is left to undo.</summary>
    public static bool NothingLeftToUndo(CustomerOnboardingState saga) =>
        !saga.Steps.Any(run => run.Status is StepStatus.Running or StepStatus.Scheduled) && NextToUndo(saga) is null;

    /// <summary>Operator Retry: failed, overdue or waiting instances of the onboarding may start a new attempt now.</summary>
    public static bool HasStuckSteps(CustomerOnboardingState saga, DateTimeOffset now) => StuckRuns(saga, now).Any();

    /// <summary>Failed, overdue or waiting instances start a new attempt now, with a fresh budget.</summary>
    public static void RetryStuckSteps(CustomerOnboardingState saga, DateTimeOffset now)
    {
        foreach (var run in StuckRuns(saga, now).ToList())
        {
            if (run.Status == StepStatus.Running)
            {
                saga.FinishAttempt(run, "Abandoned", "retried by an operator after its deadline", now);
            }

            Reschedule(run, now);
        }
    }

    /// <summary>
    /// Operator Retry on a saga that needs attention: go forward again from the first phase that is not done.
    /// Steps that were compensated run again; forward steps are idempotent, so what still stands is not doubled.
    /// </summary>
    public static void ResumeForward(CustomerOnboardingState saga, DateTimeOffset now)
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
            Reschedule(run, now);
        }
    }

    /// <summary>Operator Compensate on a saga that needs attention: failed compensations get a fresh budget.</summary>
    public static void RetryFailedCompensations(CustomerOnboardingState saga, DateTimeOffset now)
    {
        foreach (var run in saga.CompensationRuns().Where(run => run.Status == StepStatus.Failed))
        {
            Reschedule(run, now);
        }
    }

    /// <summary>Stops everything that has not finished; returns the runs that were running, whose launches must be stopped.</summary>
    public static IReadOnlyList<StepRun> Cancel(CustomerOnboardingState saga, DateTimeOffset now)
    {
        var running = RunningRuns(saga);
        foreach (var run in saga.Steps.Where(run => run.Status is StepStatus.Running or StepStatus.Scheduled))
        {
            if (run.Status == StepStatus.Running)
            {
                saga.FinishAttempt(run, nameof(StepStatus.Cancelled), "cancelled by an operator", now);
            }

            run.Status = StepStatus.Cancelled;
            run.Deadline = null;
        }

        return running;
    }

    private static List<StepRun> RunningRuns(CustomerOnboardingState saga) => [.. saga.Steps.Where(run => run.Status == StepStatus.Running)];

    private static IEnumerable<StepRun> StuckRuns(CustomerOnboardingState saga, DateTimeOffset now) =>
        saga.ForwardRuns().Where(run => run.Status is StepStatus.Failed or StepStatus.Scheduled || (run.Status == StepStatus.Running && run.Deadline <= now));

    private static StepRun? NextToUndo(CustomerOnboardingState saga) =>
        saga.ForwardRuns()
            .Where(run => run.Status == StepStatus.Succeeded || (run.Status == StepStatus.Cancelled && run.Interrupted))
            .OrderByDescending(run => run.FinishedAt)
            .FirstOrDefault();

    // In the saga's order (the order runs were planned), which is the order a running-step limit lets them start in.
    private static List<StepRun> Due(IEnumerable<StepRun> runs, DateTimeOffset now) =>
        [.. runs.Where(run => run.Status == StepStatus.Scheduled && (run.Deadline <= now || run.WaitingForSlot))];

    private static void Reschedule(StepRun run, DateTimeOffset now)
    {
        run.WaitingForSlot = false;
        run.AttemptsForgiven = run.Attempt;
        run.Interrupted = false;
        run.Status = StepStatus.Scheduled;
        run.Deadline = now;
        run.LastError = null;
    }

    private static string Describe(StepRun run) => run.UserIndex is { } user ? $"{run.Step} (user {user})" : run.Step;
}
