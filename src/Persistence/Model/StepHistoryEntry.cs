namespace Knapscen.Sagas.Persistence.Model;

/// <summary>One row of <c>saga_step_history</c>: an attempt of a step instance.</summary>
public sealed class StepHistoryEntry
{
    /// <summary>Written to <see cref="UserIndex"/> for steps that do not run per user, so the unique key holds.</summary>
    public const int NotPerUser = -1;

    public long Id { get; set; }

    public Guid SagaId { get; set; }

    public string Step { get; set; } = "";

    public int UserIndex { get; set; } = NotPerUser;

    public int Attempt { get; set; }

    public string LaunchId { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Outcome { get; set; }

    public string? Error { get; set; }
}
