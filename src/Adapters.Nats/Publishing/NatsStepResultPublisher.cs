using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Nats.Publishing;

/// <summary>
/// Step results travel as CloudEvents through the same durable intake as everything else. The id is derived from
/// the launch, so reporting the same result twice (two watchers, a restart) is deduplicated.
/// </summary>
internal sealed class NatsStepResultPublisher(CloudEventPublisher publisher, TimeProvider clock) : IStepResultPublisher
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
            Data = StepResultData.From(result).ToJson(),
        };
        if (result.TraceParent is { } traceParent)
        {
            cloudEvent.SetTraceParent(traceParent);
        }

        return publisher.PublishAsync(KnapscenSubjects.StepResults, cloudEvent, binaryMode: false, cancellationToken);
    }
}
