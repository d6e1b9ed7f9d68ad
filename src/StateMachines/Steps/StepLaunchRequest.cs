namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Everything a launcher needs for one attempt; environment values are already resolved.</summary>
public sealed record StepLaunchRequest
{
    public required Guid SagaId { get; init; }

    public required string Step { get; init; }

    public int? UserIndex { get; init; }

    public required int Attempt { get; init; }

    /// <summary>Deterministic per (saga, step, user, attempt); also the Job name.</summary>
    public required string LaunchId { get; init; }

    public required string Image { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required TimeSpan Timeout { get; init; }

    public string? TraceParent { get; init; }

    /// <summary>Where this launch's container publishes its result event (its NATS_SUBJECT); secret to the launch.</summary>
    public string ResultSubject { get; init; } = "";
}
