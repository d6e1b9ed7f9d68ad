namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>An audit entry on the saga row: an operator command (with who and why) or a notable event.</summary>
public sealed record SagaNote(DateTimeOffset At, string What, string? Who = null, string? Why = null);
