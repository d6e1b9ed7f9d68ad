using System.Collections.Concurrent;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using MassTransit;

namespace Knapscen.Sagas.Tests.Persistence.Deadlines;

/// <summary>Creates a saga with one running step due at <paramref name="Deadline"/> (none when null).</summary>
public sealed record StartDeadlineSaga(Guid SagaId, DateTimeOffset? Deadline, bool NeedsAttention = false, DateTimeOffset? FinishedAt = null);

/// <summary>
/// A minimal machine for scanner tests: every DeadlinesDue it handles counts in <see cref="CustomerOnboardingState.IgnoredEvents"/>
/// (committed with the transition, so the count is what really happened) and times the step out, which clears next_deadline.
/// </summary>
public sealed class DeadlineTestMachine : MassTransitStateMachine<CustomerOnboardingState>
{
    // Keyed by saga id, which no two tests share, so tests in parallel do not see each other's entries.
    private static readonly ConcurrentDictionary<Guid, bool> FailNextDeadline = new();

    public DeadlineTestMachine()
    {
        InstanceState(saga => saga.CurrentState);

        Event(() => Start, e =>
        {
            e.CorrelateById(context => context.Message.SagaId);
            e.InsertOnInitial = true;
            e.SetSagaFactory(context => new CustomerOnboardingState { CorrelationId = context.Message.SagaId });
        });
        Event(() => Due, e =>
        {
            e.CorrelateById(context => context.Message.SagaId);
            e.OnMissingInstance(missing => missing.Discard());
        });

        Initially(
            When(Start)
                .Then(context =>
                {
                    context.Saga.FinishedAt = context.Message.FinishedAt;
                    if (context.Message.Deadline is { } deadline)
                    {
                        context.Saga.Steps.Add(new StepRun { Step = "slow-step", Attempt = 1, Status = StepStatus.Running, Deadline = deadline });
                    }
                })
                .IfElse(
                    context => context.Message.NeedsAttention,
                    attention => attention.TransitionTo(NeedsAttention),
                    active => active.TransitionTo(Active)));

        DuringAny(
            When(Due).Then(context =>
            {
                if (FailNextDeadline.TryRemove(context.Saga.CorrelationId, out _))
                {
                    throw new InvalidOperationException($"DeadlinesDue for {context.Saga.CorrelationId} fails once, as the test asked");
                }

                context.Saga.IgnoredEvents++;
                foreach (var run in context.Saga.Steps)
                {
                    run.Status = StepStatus.Failed;
                    run.Deadline = null;
                }
            }));
    }

    public State Active { get; private set; } = null!;

    public State NeedsAttention { get; private set; } = null!;

    public Event<StartDeadlineSaga> Start { get; private set; } = null!;

    public Event<DeadlinesDue> Due { get; private set; } = null!;

    /// <summary>The next DeadlinesDue for this saga throws, as a broken activity would.</summary>
    public static void FailOnce(Guid sagaId) => FailNextDeadline[sagaId] = true;
}
