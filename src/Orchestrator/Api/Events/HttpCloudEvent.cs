using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary>An event read from an HTTP request, and whether it came in binary mode (it is forwarded the same way).</summary>
internal sealed record HttpCloudEvent(CloudEvent Event, bool BinaryMode);
