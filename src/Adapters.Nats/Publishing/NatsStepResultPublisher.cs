using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>
/// Step results travel as CloudEvents through the same durable intake as everything else. The id is derived from
/// the launch, so reporting the same result twice (two watchers, a restart) is deduplicated. The orchestrator holds the
/// token key, so it signs each result with its launch's token; the intake takes step results only from this subject.
/// </summary>
internal sealed class NatsStepResultPublisher(CloudEventPublisher publisher, LaunchTokens tokens, TimeProvider clock) : IStepResultPublisher
{
    public const string Source = "knapscen.sagas";

    public Task PublishAsync(StepResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cloudEvent = new CloudEvent
        {
            Id = StepResultData.IdOf(result.LaunchId, result.Succeeded),
            Type = StepResultData.TypeOf(result.Succeeded),
            Source = new Uri(Source, UriKind.Relative),
            Subject = result.SagaId.ToString(),
            Time = clock.GetUtcNow(),
            DataContentType = "application/json",
            Data = StepResultData.From(result, tokens.For(result.SagaId, result.LaunchId)).ToJson(),
        };
        if (result.TraceParent is { } traceParent)
        {
            cloudEvent.SetTraceParent(traceParent);
        }

        return publisher.PublishAsync(KnapscenSubjects.StepResults, cloudEvent, binaryMode: false, cancellationToken);
    }
}
