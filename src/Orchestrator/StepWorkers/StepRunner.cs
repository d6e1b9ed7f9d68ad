using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// The process contract of a step: exit 0 with one line on stdout, or non-zero with one line on stderr saying why.
/// A result event that could not be published adds one warning line on stderr and leaves the exit code at 0.
/// </summary>
internal static class StepRunner
{
    public const int Succeeded = 0;
    public const int Failed = 1;

    public static async Task<int> RunAsync(StepWorker worker, StepEnvironment environment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        StepOutcome outcome;
        try
        {
            outcome = await worker.Run(environment, cancellationToken).ConfigureAwait(false);
        }
        catch (StepFailedException e)
        {
            await stderr.WriteLineAsync($"{worker.Name}: {StepDatabase.OneLine(e.Message)}").ConfigureAwait(false);
            return Failed;
        }
        catch (MySqlException e)
        {
            await stderr.WriteLineAsync($"{worker.Name}: database error {e.Number}: {StepDatabase.OneLine(e.Message)}").ConfigureAwait(false);
            return Failed;
        }

        if (outcome.ResultEvent is { } resultEvent
            && await ResultEventPublisher.TryPublishAsync(environment, resultEvent, cancellationToken).ConfigureAwait(false) is { } warning)
        {
            await stderr.WriteLineAsync($"{worker.Name}: {warning}").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(outcome.Summary).ConfigureAwait(false);
        return Succeeded;
    }
}
