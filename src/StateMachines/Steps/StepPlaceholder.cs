namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>One <c>${…}</c> of a template: its root expression, an optional path into the event data, and the "?" flag.</summary>
internal sealed record StepPlaceholder(string Root, IReadOnlyList<string> DataPath, bool Optional, string? FullExpression = null)
{
    /// <summary>The text between the braces without "?", as written, for error messages.</summary>
    public string Expression => FullExpression ?? Root;

    public bool NeedsUser => Root.StartsWith("user.", StringComparison.Ordinal);
}
