using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>Where a launch's own result event lands on the saga: on the run whose current launch it is.</summary>
internal static class StepOutputs
{
    /// <summary>
    /// Keeps the output on the run of its launch; the first one an attempt reports wins (a container that publishes
    /// twice does not rewrite what a later step may already have used). An earlier attempt's output is counted and
    /// dropped; one whose launch the saga has not recorded yet (its commit is still under way) is redelivered.
    /// </summary>
    /// <exception cref="StepResultArrivedEarlyException">The launch is the next attempt of a run, not committed yet.</exception>
    public static void Record(CustomerOnboardingState saga, StepOutputReported message, DateTimeOffset now)
    {
        if (saga.Steps.FirstOrDefault(run => run.LaunchId == message.LaunchId) is { } current)
        {
            current.Output ??= new StepOutput(message.Type, message.Subject, message.Id, message.Source, message.DataJson, now);
            return;
        }

        if (saga.Steps.Any(run => LaunchIds.For(saga.CorrelationId, run.Step, run.UserIndex, run.Attempt + 1) == message.LaunchId))
        {
            throw new StepResultArrivedEarlyException(saga.CorrelationId, message.LaunchId);
        }

        saga.CountIgnored();
    }
}
