namespace Knapscen.Sagas.Adapters.Nats.DeadLetters;

/// <summary>One event the intake could not use, as kept in the dead-letter stream.</summary>
public sealed record DeadLetter(
    ulong Sequence,
    DateTimeOffset Time,
    string Reason,
    string OriginalSubject,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>What happened to one dead letter asked to be replayed or discarded.</summary>
public sealed record DeadLetterAnswer(ulong Sequence, bool Done, string Message);
