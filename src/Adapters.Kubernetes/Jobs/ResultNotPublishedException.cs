namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>A finished Job's result could not be handed to the intake; the watcher lists again to retry it.</summary>
internal sealed class ResultNotPublishedException : Exception
{
    public ResultNotPublishedException()
    {
    }

    public ResultNotPublishedException(string message)
        : base(message)
    {
    }

    public ResultNotPublishedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
