using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Orchestrator.Operations;

public sealed record SagaSummary(
    Guid SagaId,
    string CustomerName,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    bool Stuck);

public sealed record SagaPage(IReadOnlyList<SagaSummary> Items, int Page, int PageSize, long Total);

public sealed record StepAttemptRow(
    string Step,
    int? UserIndex,
    int Attempt,
    string LaunchId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Outcome,
    string? Error);

public sealed record SagaDetails(
    SagaSummary Summary,
    string SubscriptionTier,
    IReadOnlyList<OnboardingUser> Users,
    string? FailureReason,
    string? TraceParent,
    int IgnoredEvents,
    DateTimeOffset? NextDeadline,
    IReadOnlyList<StepRun> Steps,
    IReadOnlyList<StepAttemptRow> History,
    IReadOnlyList<SagaNote> Notes)
{
    /// <summary>The 32-hex trace id of <see cref="TraceParent"/>: what an operator pastes into Jaeger's search.</summary>
    public string? TraceId => SagaTraceContext.TryParse(TraceParent, out var context) ? context.TraceId.ToHexString() : null;
}
