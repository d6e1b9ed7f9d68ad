using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Persistence.Repository;

/// <summary>
/// What one saga transaction changed, told to the metrics only after it committed. Metrics are derived here, from the
/// saga rows as loaded and as saved plus the step history rows written, rather than counted inside the state machine:
/// a transaction that fails (deadlock, duplicate key, version conflict) is redone in a fresh scope, and anything
/// counted while applying the message would count once per attempt.
/// </summary>
internal sealed class CommittedTransitions
{
    private const string LateOrRepeated = "late_or_repeated";

    private readonly Dictionary<Guid, (string State, int IgnoredEvents)?> _before = [];
    private readonly Dictionary<Guid, CustomerOnboardingState> _saved = [];
    private readonly List<StepAttemptRecord> _history = [];

    public void Loaded(CustomerOnboardingState instance) =>
        _before.TryAdd(instance.CorrelationId, (instance.CurrentState, instance.IgnoredEvents));

    public void Created(CustomerOnboardingState instance) => _before.TryAdd(instance.CorrelationId, null);

    public void Saved(CustomerOnboardingState instance, IEnumerable<StepAttemptRecord> history)
    {
        _saved[instance.CorrelationId] = instance;
        _history.AddRange(history);
    }

    public void RecordTo(OnboardingMetrics metrics)
    {
        foreach (var (id, instance) in _saved)
        {
            var before = _before.GetValueOrDefault(id);
            if (before is null)
            {
                metrics.SagaStarted();
            }

            if (before?.State != instance.CurrentState)
            {
                metrics.SagaEntered(instance.CurrentState);
            }

            var ignored = instance.IgnoredEvents - (before?.IgnoredEvents ?? 0);
            if (ignored > 0)
            {
                metrics.EventsIgnored(ignored, LateOrRepeated);
            }
        }

        foreach (var record in _history)
        {
            if (StepOutcomeKinds.Of(record) is { } outcome)
            {
                metrics.StepFinished(record.Step, outcome, (record.FinishedAt ?? record.StartedAt) - record.StartedAt);
            }
            else if (record.Attempt > 1)
            {
                metrics.StepRetried(record.Step);
            }
        }
    }
}
