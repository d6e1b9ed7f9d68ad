namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>What the demo shows of a saga at one moment.</summary>
internal sealed record SagaSnapshot(string State, string? LastError, IReadOnlyList<StepSnapshot> Steps, DateTime? FinishedAt)
{
    public bool IsFinal => FinishedAt is not null;

    public string Describe() =>
        Steps.Count == 0 ? State : $"{State}: {string.Join(", ", Steps.Select(step => step.Describe()))}";
}

internal sealed record StepSnapshot(string Step, int? UserIndex, int Attempt, string Status, string? LastError)
{
    public string Describe()
    {
        var who = UserIndex is { } index ? $"[user {index}]" : "";
        var error = LastError is null ? "" : $" ({LastError})";
        return $"{Step}{who} #{Attempt} {Status}{error}";
    }
}
