using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>The outcome CloudEvents; their ids are derived from the saga, so a redelivered final transition publishes once.</summary>
internal sealed class NatsOnboardingOutcomePublisher(CloudEventPublisher publisher, JetStreamNames names, TimeProvider clock) : IOnboardingOutcomePublisher
{
    public Task PublishOnboardedAsync(CustomerOnboardingState saga, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saga);
        var data = Describe(saga);
        data["users"] = new JsonArray([.. saga.Users.Select(user => (JsonNode)new JsonObject { ["name"] = user.Name, ["email"] = user.Email, ["role"] = user.Role })]);
        return PublishAsync(saga, KnapscenSubjects.CustomerOnboarded, KnapscenEventTypes.CustomerOnboarded, "onboarded", data, cancellationToken);
    }

    public Task PublishFailedAsync(CustomerOnboardingState saga, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saga);
        var data = Describe(saga);
        data["reason"] = saga.FailureReason;
        data["not_undone"] = new JsonArray([.. saga.Steps.Where(run => run.Status == StepStatus.CannotUndo).Select(run => (JsonNode)run.Step)]);
        return PublishAsync(saga, KnapscenSubjects.CustomerOnboardingFailed, KnapscenEventTypes.CustomerOnboardingFailed, "onboarding-failed", data, cancellationToken);
    }

    private static JsonObject Describe(CustomerOnboardingState saga) => new()
    {
        ["customer_name"] = saga.CustomerName,
        ["subscription_tier"] = saga.SubscriptionTier,
        ["registration_event_id"] = saga.RegistrationEventId,
    };

    private async Task PublishAsync(CustomerOnboardingState saga, string subject, string type, string outcome, JsonObject data, CancellationToken cancellationToken)
    {
        var cloudEvent = new CloudEvent
        {
            Id = $"{saga.CorrelationId:N}.{outcome}",
            Type = type,
            Source = new Uri(NatsStepResultPublisher.Source, UriKind.Relative),
            Subject = saga.CorrelationId.ToString(),
            Time = clock.GetUtcNow(),
            DataContentType = "application/json",
            Data = data,
        };
        using var activity = OutcomeSpans.StartPublish(saga, names.Subject(subject), cloudEvent.Id);
        // Whoever consumes the outcome continues from the publish span; without tracing, from the saga's own context.
        if ((SagaTraceContext.TraceParentOf(activity) ?? saga.TraceParent) is { } traceParent)
        {
            cloudEvent.SetTraceParent(traceParent);
        }

        try
        {
            await publisher.PublishAsync(subject, cloudEvent, binaryMode: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
