using System.Text.Json;
using CloudNative.CloudEvents;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>An event that passed <see cref="CloudEventValidator"/>: its subject is the saga's correlation key.</summary>
internal sealed record ValidatedCloudEvent(CloudEvent Event, Guid Subject, JsonElement Data, string? TraceParent, string? TraceState);
