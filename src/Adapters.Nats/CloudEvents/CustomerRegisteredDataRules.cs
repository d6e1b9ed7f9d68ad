using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>The data of <c>disco.knapscen.customer.registered</c>: the customer and the users to onboard.</summary>
internal static class CustomerRegisteredDataRules
{
    private const int MaxTextLength = 64;

    private static readonly string[] SubscriptionTiers = ["basic", "groovy", "far-out"];

    public static void Check(JsonElement data, IntakeOptions intake)
    {
        PrintableText(data, "data", "name");
        var tier = JsonFields.RequiredString(data, "data", "subscription_tier");
        if (!SubscriptionTiers.Contains(tier, StringComparer.Ordinal))
        {
            throw new InvalidCloudEventException(
                $"data.subscription_tier is {ReasonText.Quote(tier)}; it must be one of {string.Join(", ", SubscriptionTiers)}");
        }

        var users = JsonFields.RequiredArray(data, "data", "users");
        var count = users.GetArrayLength();
        if (count == 0)
        {
            throw new InvalidCloudEventException("data.users is empty; at least one user is required");
        }

        // Before any user is looked at: every user fans out to several Jobs, so the count alone decides.
        if (count > intake.MaxUsers)
        {
            throw new InvalidCloudEventException(
                $"data.users has {count} users; the limit is {intake.MaxUsers} per registration (Intake:MaxUsers)");
        }

        var index = 0;
        foreach (var user in users.EnumerateArray())
        {
            CheckUser(user, $"data.users[{index}]", intake);
            index++;
        }
    }

    private static void CheckUser(JsonElement user, string path, IntakeOptions intake)
    {
        if (user.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidCloudEventException($"{path} is {ReasonText.Describe(user.ValueKind)}; it must be an object");
        }

        PrintableText(user, path, "name");
        var email = PrintableText(user, path, "email");
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            // The address itself stays out of the reason: reasons are logged, addresses are personal data.
            throw new InvalidCloudEventException($"{path}.email has no '@'");
        }

        var role = PrintableText(user, path, "role");
        if (!intake.AllowedRoles().Contains(role, StringComparer.Ordinal))
        {
            // Refused here rather than by register-user, after the customer was already created and had to be undone.
            throw new InvalidCloudEventException(
                $"{path}.role is {ReasonText.Quote(role)}; it must be one of {string.Join(", ", intake.AllowedRoles())} (Intake:Roles)");
        }
    }

    /// <summary>
    /// A required string without control characters: these values end up in e-mail headers, environment variables and
    /// log lines, where a line break or an escape sequence means something else.
    /// </summary>
    private static string PrintableText(JsonElement parent, string path, string name)
    {
        var value = JsonFields.RequiredString(parent, path, name, MaxTextLength);
        var position = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                // The code point and where, never the value: names and addresses are personal data.
                throw new InvalidCloudEventException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}.{name} contains a control character (U+{rune.Value:X4}) at character {position + 1}"));
            }

            position++;
        }

        return value;
    }
}
