namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>What the demo shows of a saga at one moment.</summary>
internal sealed record SagaSnapshot(string State, string? LastError, IReadOnlyList<StepSnapshot> Steps, DateTime? FinishedAt)
{
    public bool IsFinal => FinishedAt is not null;

    /// <summary>One line per change: the saga's state, then each step whose attempt or status moved.</summary>
    public IEnumerable<string> ChangesSince(SagaSnapshot? before)
    {
        if (before?.State != State)
        {
            yield return $"saga is {State}";
        }

        foreach (var step in Steps)
        {
            var previous = before?.Steps.FirstOrDefault(old => old.Step == step.Step && old.UserIndex == step.UserIndex);
            if (previous != step)
            {
                yield return $"  {step.Describe()}";
            }
        }
    }
}

internal sealed record StepSnapshot(string Step, int? UserIndex, int Attempt, string Status, string? LastError)
{
    public string Describe()
    {
        var who = UserIndex is { } index ? $" [user {index}]" : "";
        var error = LastError is null ? "" : $": {LastError}";
        return $"{Step}{who} attempt {Attempt} {Status}{error}";
    }
}
