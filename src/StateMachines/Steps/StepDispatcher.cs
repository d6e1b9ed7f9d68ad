using Knapscen.Sagas.StateMachines.Onboarding;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Starts the next attempt of a step instance: records it on the saga (status, deadline, history) and launches it.
/// Runs inside the saga transaction; if the commit fails the message is redelivered and the same attempt is launched
/// again under the same launch id, which launchers treat as already launched.
/// </summary>
internal sealed class StepDispatcher(
    IStepLauncher launcher,
    StepRequestFactory requests,
    TimeProvider clock,
    ILogger<StepDispatcher> logger)
{
    public async Task StartAsync(CustomerOnboardingState saga, string step, int? userIndex, CancellationToken cancellationToken)
    {
        var run = saga.FindStep(step, userIndex);
        if (run is null)
        {
            run = new StepRun { Step = step, UserIndex = userIndex };
            saga.Steps.Add(run);
        }

        var now = clock.GetUtcNow();
        run.Attempt++;
        run.StartedAt = now;
        run.FinishedAt = null;
        saga.UpdatedAt = now;

        StepLaunchRequest request;
        try
        {
            request = requests.Create(saga, step, userIndex, run.Attempt);
        }
        catch (StepLaunchException e)
        {
            // Bad input cannot get better by retrying: the step fails for good with the reason on record.
            run.Status = StepStatus.Failed;
            run.LastError = e.Message;
            run.FinishedAt = now;
            saga.LastError = $"{step}: {e.Message}";
            saga.PendingHistory.Add(new StepAttemptRecord(saga.CorrelationId, step, userIndex, run.Attempt, "", now, now, nameof(StepStatus.Failed), e.Message));
            logger.LogWarning("Saga {SagaId}: step {Step} could not be launched: {Reason}", saga.CorrelationId, step, e.Message);
            return;
        }

        run.Status = StepStatus.Running;
        run.LaunchId = request.LaunchId;
        run.Deadline = now + request.Timeout;
        run.LastError = null;
        saga.PendingHistory.Add(new StepAttemptRecord(saga.CorrelationId, step, userIndex, run.Attempt, request.LaunchId, now));

        var outcome = await launcher.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Saga {SagaId}: step {Step} attempt {Attempt} {Outcome} as {LaunchId}",
            saga.CorrelationId, step, run.Attempt, outcome == StepLaunchOutcome.Launched ? "launched" : "was already launched", request.LaunchId);
    }
}
