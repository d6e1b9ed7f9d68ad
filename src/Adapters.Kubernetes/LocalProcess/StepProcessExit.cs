namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>How one local attempt ended, already phrased for <c>StepResult.Error</c>.</summary>
internal sealed record StepProcessExit(bool Succeeded, string? Error)
{
    public static StepProcessExit Success { get; } = new(true, null);

    public static StepProcessExit Failure(string error) => new(false, error);
}
