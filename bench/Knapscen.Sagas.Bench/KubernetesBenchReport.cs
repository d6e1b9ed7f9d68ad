namespace Knapscen.Sagas.Bench;

internal sealed record KubernetesBenchReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Command { get; init; }

    public required string Machine { get; init; }

    public required string Database { get; init; }

    public required string SubjectPrefix { get; init; }

    public required string Namespace { get; init; }

    public required BenchOptions Options { get; init; }

    public required PassResult Pass { get; init; }

    public required JobTimingSummary Jobs { get; init; }

    /// <summary>The Jobs' creationTimestamp → completionTime on the API server (whole seconds, all Jobs of the namespace).</summary>
    public required Percentiles ServerCreateToCompletionSeconds { get; init; }

    public required long PeakRssBytes { get; init; }

    /// <summary>Launches the API answered 409 for (the Job already existed): redelivered events.</summary>
    public required long RepeatedLaunches { get; init; }

    /// <summary>False when the clean-up left the run's Jobs behind (the next run deletes them first).</summary>
    public bool JobsDeleted { get; init; }
}
