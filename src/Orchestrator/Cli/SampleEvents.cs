using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>The sample customer of the original choreography, as a new onboarding each time it is used.</summary>
internal static class SampleEvents
{
    public static CloudEvent CustomerRegistered()
    {
        using var stream = typeof(SampleEvents).Assembly.GetManifestResourceStream("samples/customer-registered.json")
            ?? throw new InvalidOperationException("the sample event is missing from the binary");
        var cloudEvent = new JsonEventFormatter().DecodeStructuredModeMessage(stream, contentType: null, extensionAttributes: null);
        var customerId = Guid.NewGuid();
        // A fresh subject and id: every run is a new onboarding rather than a duplicate the inbox would drop.
        cloudEvent.Subject = customerId.ToString();
        cloudEvent.Id = $"evt-customer-{customerId:N}";
        cloudEvent.Time = DateTimeOffset.UtcNow;
        return cloudEvent;
    }

}
