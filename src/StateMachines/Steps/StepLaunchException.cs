namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// A launch request could not be built from the catalog and the saga (a placeholder without a value, an unknown step).
/// Retrying the same saga state gives the same answer, so callers treat it as a failed attempt, not a transient error.
/// </summary>
public sealed class StepLaunchException : Exception
{
    public StepLaunchException()
    {
    }

    public StepLaunchException(string message)
        : base(message)
    {
    }

    public StepLaunchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
