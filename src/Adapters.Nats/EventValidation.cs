using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;

namespace Knapscen.Sagas.Adapters.Nats;

/// <summary>The intake's validation rules for publishers (CLI, API), so a bad event is refused before it is sent.</summary>
public static class EventValidation
{
    /// <summary>With the default bounds (section <c>Intake</c> unset): for checks that have no configuration, such as a schema test.</summary>
    /// <exception cref="InvalidEventException">The event would be dead-lettered by an intake with default settings.</exception>
    public static CloudEvent Validate(CloudEvent cloudEvent) => Validate(cloudEvent, new IntakeOptions());

    /// <param name="intake">The bounds the intake applies (section <c>Intake</c>): give the same ones, or the API accepts what the intake refuses.</param>
    /// <exception cref="InvalidEventException">The event would be dead-lettered; the message says which field is at fault.</exception>
    public static CloudEvent Validate(CloudEvent cloudEvent, IntakeOptions intake)
    {
        ArgumentNullException.ThrowIfNull(intake);
        try
        {
            return CloudEventValidator.Validate(cloudEvent, intake).Event;
        }
        catch (InvalidCloudEventException e)
        {
            throw new InvalidEventException(e.Reason, e);
        }
    }
}

public sealed class InvalidEventException(string reason, Exception inner) : Exception(reason, inner);
