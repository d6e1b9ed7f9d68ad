namespace Knapscen.Sagas.Persistence.Model;

/// <summary>One row of the <c>processed_events</c> inbox: an event that has been applied to a saga.</summary>
public sealed class ProcessedEvent
{
    public string EventSource { get; set; } = "";

    public string EventId { get; set; } = "";

    public string? EventType { get; set; }

    public Guid? SagaId { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
