using Knapscen.Sagas.Orchestrator.Operations;

namespace Knapscen.Sagas.Orchestrator.WebConsole;

/// <summary>One bar: a step attempt placed in the saga's time span (percentages of it).</summary>
internal sealed record TimelineBar(StepAttemptRow Attempt, string Outcome, bool Compensation, double Left, double Width, TimeSpan Duration);

/// <summary>One lane: every attempt of one step instance (a step, or a step for one user).</summary>
internal sealed record TimelineLane(string Label, bool Compensation, IReadOnlyList<TimelineBar> Bars);

/// <summary>The saga's step attempts laid out in time, a lane per step instance, forward and compensation.</summary>
internal static class SagaTimeline
{
    public static (IReadOnlyList<TimelineLane> Lanes, DateTimeOffset Start, DateTimeOffset End) Build(SagaDetails saga, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(saga);
        if (saga.History.Count == 0)
        {
            return ([], now, now);
        }

        var compensations = saga.Steps.Where(step => step.Compensates is not null).Select(step => step.Step).ToHashSet(StringComparer.Ordinal);
        var start = saga.History.Min(row => row.StartedAt);
        var end = saga.History.Max(row => row.FinishedAt ?? now);
        var span = Math.Max((end - start).TotalMilliseconds, 1);
        var lanes = saga.History
            .GroupBy(row => (row.Step, row.UserIndex))
            .Select(group =>
            {
                var compensation = compensations.Contains(group.Key.Step);
                var user = group.Key.UserIndex is { } index && index < saga.Users.Count ? $" · {saga.Users[index].Name}" : "";
                var bars = group.OrderBy(row => row.Attempt).Select(row =>
                {
                    var finished = row.FinishedAt ?? now;
                    var outcome = row.Outcome is null ? "Running"
                        : row.Outcome == "Failed" && row.Error?.StartsWith("timed out", StringComparison.Ordinal) == true ? "TimedOut"
                        : row.Outcome;
                    return new TimelineBar(
                        row, outcome, compensation,
                        (row.StartedAt - start).TotalMilliseconds / span * 100,
                        Math.Max((finished - row.StartedAt).TotalMilliseconds / span * 100, 0.4),
                        finished - row.StartedAt);
                }).ToList();
                return new TimelineLane(group.Key.Step + user, compensation, bars);
            })
            .ToList();
        return (lanes, start, end);
    }
}
