namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

internal static class AttributeNames
{
    /// <summary>CloudEvents 1.0 attribute names: lower-case ASCII letters and digits only.</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));
}
