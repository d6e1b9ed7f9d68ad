using Knapscen.Sagas.Adapters.Nats.CloudEvents;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

internal static class Rejection
{
    /// <summary>Asserts the input is refused with a reason that contains the given text (which names the field).</summary>
    public static string Expect(Action act, string expectedFragment)
    {
        var exception = Assert.Throws<InvalidCloudEventException>(act);
        Assert.Contains(expectedFragment, exception.Reason, StringComparison.Ordinal);
        Assert.Equal(exception.Message, exception.Reason);
        return exception.Reason;
    }
}
