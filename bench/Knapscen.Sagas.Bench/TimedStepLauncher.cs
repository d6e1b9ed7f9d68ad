using System.Diagnostics;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Bench;

/// <summary>Wraps the real Job launcher to time each create request and count launches; changes nothing it does.</summary>
internal sealed class TimedStepLauncher(IStepLauncher inner, LaunchRecorder recorder, JobTimings timings) : IStepLauncher
{
    public string Name => inner.Name;

    public async Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var outcome = await inner.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome == StepLaunchOutcome.Launched)
        {
            timings.Created(request.LaunchId, started, Stopwatch.GetTimestamp());
            recorder.Launched(request.SagaId);
        }
        else
        {
            recorder.DuplicateLaunch();
        }

        return outcome;
    }
}
