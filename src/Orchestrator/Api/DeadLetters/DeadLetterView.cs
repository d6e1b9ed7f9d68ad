using Knapscen.Sagas.Adapters.Nats.DeadLetters;

namespace Knapscen.Sagas.Orchestrator.Api.DeadLetters;

/// <summary>A dead letter as the API shows it: the body as text (events are JSON) and the headers it arrived with.</summary>
internal sealed record DeadLetterView(
    ulong Sequence, DateTimeOffset Time, string Reason, string OriginalSubject, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static DeadLetterView From(DeadLetter letter) =>
        new(letter.Sequence, letter.Time, letter.Reason, letter.OriginalSubject, letter.Headers, letter.BodyText);
}

internal sealed record DeadLetterList(IReadOnlyList<DeadLetterView> Items, long Total);

/// <summary>Which dead letters a replay or discard is for.</summary>
internal sealed record DeadLetterSelection(IReadOnlyList<ulong>? Sequences);

/// <summary>A fixed body for a single replay.</summary>
internal sealed record DeadLetterReplay(string? Body);
