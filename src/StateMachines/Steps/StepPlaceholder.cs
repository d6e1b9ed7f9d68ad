namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>One <c>${…}</c> of a template: its root expression, an optional path into the event data, and the "?" flag.</summary>
internal sealed record StepPlaceholder(string Root, IReadOnlyList<string> DataPath, bool Optional, string? FullExpression = null)
{
    /// <summary>The text between the braces without "?", as written, for error messages.</summary>
    public string Expression => FullExpression ?? Root;

    public const string OutputPrefix = "steps.";

    /// <summary>The CloudEvent attributes of a step's output that a placeholder can name (besides its data).</summary>
    public static readonly IReadOnlyList<string> OutputAttributes = ["type", "subject", "id", "source"];

    public bool NeedsUser => Root.StartsWith("user.", StringComparison.Ordinal);

    /// <summary>For <c>steps.&lt;step&gt;.output.*</c>: the step whose output is read; null otherwise.</summary>
    public string? OutputStep { get; init; }
}
