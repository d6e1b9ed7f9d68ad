namespace Knapscen.Sagas.Orchestrator.WebConsole.Live;

internal enum LiveScopeKind
{
    Sagas,
    Saga,
    DeadLetters,
}

/// <summary>What a page watches: all sagas (overview, list), one saga (detail) or the dead letters.</summary>
internal sealed record LiveScope(LiveScopeKind Kind, Guid? SagaId = null)
{
    public static bool TryParse(string? value, out LiveScope scope)
    {
        scope = new LiveScope(LiveScopeKind.Sagas);
        switch (value)
        {
            case null or "" or "sagas":
                return true;
            case "dead-letters":
                scope = new LiveScope(LiveScopeKind.DeadLetters);
                return true;
        }

        if (value.StartsWith("saga:", StringComparison.Ordinal) && Guid.TryParseExact(value["saga:".Length..], "D", out var id))
        {
            scope = new LiveScope(LiveScopeKind.Saga, id);
            return true;
        }

        return false;
    }
}
