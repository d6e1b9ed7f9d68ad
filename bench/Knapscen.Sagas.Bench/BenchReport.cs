namespace Knapscen.Sagas.Bench;

internal sealed record BenchReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Command { get; init; }

    public required string Machine { get; init; }

    public required string Database { get; init; }

    public required string SubjectPrefix { get; init; }

    public required BenchOptions Options { get; init; }

    public required PassResult MaxRate { get; init; }

    public required PassResult? HalfRate { get; init; }

    /// <summary>Paced at 80% of the max rate: latency under real load.</summary>
    public required PassResult? Paced { get; init; }

    public required BaselineResult Baseline { get; init; }

    /// <summary>NATS alone at the half-rate pass's message rate; null without a half-rate pass.</summary>
    public required TransportFloorResult? TransportFloor { get; init; }

    /// <summary>Saga transitions/s of the max-rate pass ÷ baseline transactions/s (target ≥ 0.60).</summary>
    public required double TransitionsToBaselineRatio { get; init; }

    public required long PeakRssBytes { get; init; }

    public required long StepLaunches { get; init; }

    public required long DuplicateLaunches { get; init; }

    public required long FailedResultPublishes { get; init; }

    /// <summary>Onboardings of any pass that did not end Completed: lost work, or a run too short.</summary>
    public int NotCompleted => new[] { MaxRate, HalfRate, Paced }.OfType<PassResult>().Sum(pass => pass.Onboardings - pass.States.GetValueOrDefault("Completed"));
}
