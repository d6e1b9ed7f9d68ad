namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>Thrown to have a step result redelivered once the launch it reports on is committed.</summary>
public sealed class StepResultArrivedEarlyException(Guid sagaId, string launchId)
    : Exception($"saga {sagaId} has not recorded launch {launchId} yet; the result will be redelivered");
