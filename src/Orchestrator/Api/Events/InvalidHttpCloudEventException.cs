namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary>The request does not carry a readable CloudEvent; the message says what is wrong, for a 400.</summary>
internal sealed class InvalidHttpCloudEventException : Exception
{
    public InvalidHttpCloudEventException(string message)
        : base(message)
    {
    }

    public InvalidHttpCloudEventException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidHttpCloudEventException()
    {
    }
}
