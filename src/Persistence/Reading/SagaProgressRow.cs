using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Persistence.Reading;

/// <summary>Where one saga stands, as its row says.</summary>
public sealed record SagaProgressRow(string State, string? LastError, IReadOnlyList<StepRun> Steps, DateTime? FinishedAt);
