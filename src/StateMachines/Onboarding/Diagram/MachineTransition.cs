namespace Knapscen.Sagas.StateMachines.Onboarding.Diagram;

/// <summary>One arrow of the machine: in <paramref name="From"/>, <paramref name="Event"/> can lead to <paramref name="To"/> ("X.Enter" events fire on entering X).</summary>
public sealed record MachineTransition(string From, string Event, string To);
