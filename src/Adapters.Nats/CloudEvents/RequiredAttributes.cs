using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

internal static class RequiredAttributes
{
    /// <summary>The first required attribute (id, source, type) the event lacks, or null when it has them all.</summary>
    public static CloudEventAttribute? FirstMissing(CloudEvent cloudEvent) =>
        cloudEvent.SpecVersion.RequiredAttributes.FirstOrDefault(attribute => cloudEvent[attribute] is null);
}
