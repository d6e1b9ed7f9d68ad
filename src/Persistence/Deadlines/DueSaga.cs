namespace Knapscen.Sagas.Persistence.Deadlines;

/// <summary>A claimed saga whose deadline passed, with the trace context its work continues.</summary>
internal sealed record DueSaga(Guid Id, string? TraceParent);
