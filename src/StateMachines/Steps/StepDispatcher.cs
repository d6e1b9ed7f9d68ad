using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Starts the next attempt of a step run: records it (status, deadline, history) and launches it. The launches of one
/// transition run side by side and are all awaited before its transaction commits (<see cref="StepLaunchBatch"/>).
/// If the saga transaction then fails to commit, the event is redelivered and the same attempt is launched again under
/// the same launch id, which launchers treat as already launched.
/// </summary>
internal sealed partial class StepDispatcher(
    IStepLauncher launcher,
    StepRequestFactory requests,
    TimeProvider clock,
    ILogger<StepDispatcher> logger)
{
    /// <summary>Grace beyond a step's own timeout, so a Job's DeadlineExceeded (with its reason) usually arrives first.</summary>
    private static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(5);

    /// <summary>Starts each run's next attempt; a run that cannot be launched fails for good, for the machine to see.</summary>
    public async Task StartAllAsync(CustomerOnboardingState saga, IReadOnlyList<StepRun> runs, CancellationToken cancellationToken)
    {
        // In a group transaction the group awaits the launches before its commit; alone, this transition does.
        var ambient = StepLaunchBatch.Current;
        var batch = ambient ?? new StepLaunchBatch();
        foreach (var run in runs)
        {
            if (Prepare(saga, run) is { } request)
            {
                batch.Add(LaunchAsync(saga, run, request, cancellationToken));
            }
        }

        if (ambient is null)
        {
            await batch.WaitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Records the run's next attempt; null when its input cannot be launched (the run then failed for good).</summary>
    private StepLaunchRequest? Prepare(CustomerOnboardingState saga, StepRun run)
    {
        var now = clock.GetUtcNow();
        run.Attempt++;
        run.StartedAt = now;
        run.FinishedAt = null;
        run.Output = null;

        StepLaunchRequest request;
        try
        {
            request = requests.Create(saga, run.Step, run.UserIndex, run.Attempt);
        }
        catch (StepLaunchException e)
        {
            // Input that cannot be launched will not get better by retrying: the step fails for good, reason on record.
            run.Status = StepStatus.Failed;
            run.Deadline = null;
            saga.FinishAttempt(run, nameof(StepStatus.Failed), e.Message, now);
            LogLaunchRefused(saga.CorrelationId, run.Step, e.Message);
            return null;
        }

        run.Status = StepStatus.Running;
        run.LaunchId = request.LaunchId;
        run.Deadline = now + request.Timeout + TimeoutGrace;
        run.LastError = null;
        saga.PendingHistory.Add(new StepAttemptRecord(saga.CorrelationId, run.Step, run.UserIndex, run.Attempt, request.LaunchId, now));
        return request;
    }

    // Async, so the launch span is current only inside this flow and not in the transition that goes on meanwhile. The
    // part before the launcher's first await runs at once, so the run's trace context is set before StartAllAsync goes on.
    private async Task LaunchAsync(CustomerOnboardingState saga, StepRun run, StepLaunchRequest request, CancellationToken cancellationToken)
    {
        using var activity = StepSpans.StartLaunch(saga, request, launcher.Name);
        run.LaunchTraceParent = SagaTraceContext.TraceParentOf(activity);
        if (run.LaunchTraceParent is { } launchContext)
        {
            // The Job and its result continue from the launch, so the completion hangs under it in the trace.
            request = request with { TraceParent = launchContext };
        }

        StepLaunchOutcome outcome;
        try
        {
            outcome = await launcher.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }

        activity?.SetTag(SpanAttributeNames.LaunchOutcome, outcome.ToString());
        LogLaunched(saga.CorrelationId, run.Step, request.Attempt, outcome == StepLaunchOutcome.Launched ? "launched" : "was already launched", request.LaunchId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga {SagaId}: step {Step} could not be launched: {Reason}")]
    private partial void LogLaunchRefused(Guid sagaId, string step, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {SagaId}: step {Step} attempt {Attempt} {Outcome} as {LaunchId}")]
    private partial void LogLaunched(Guid sagaId, string step, int attempt, string outcome, string launchId);
}
