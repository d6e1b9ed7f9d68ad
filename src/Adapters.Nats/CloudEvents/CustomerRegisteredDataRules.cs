using System.Text.Json;

namespace Knapscen.Sagas.Adapters.Nats.CloudEvents;

/// <summary>The data of <c>disco.knapscen.customer.registered</c>: the customer and the users to onboard.</summary>
internal static class CustomerRegisteredDataRules
{
    private const int MaxTextLength = 64;

    private static readonly string[] SubscriptionTiers = ["basic", "groovy", "far-out"];

    public static void Check(JsonElement data)
    {
        JsonFields.RequiredString(data, "data", "name", MaxTextLength);
        var tier = JsonFields.RequiredString(data, "data", "subscription_tier");
        if (!SubscriptionTiers.Contains(tier, StringComparer.Ordinal))
        {
            throw new InvalidCloudEventException(
                $"data.subscription_tier is {ReasonText.Quote(tier)}; it must be one of {string.Join(", ", SubscriptionTiers)}");
        }

        var users = JsonFields.RequiredArray(data, "data", "users");
        if (users.GetArrayLength() == 0)
        {
            throw new InvalidCloudEventException("data.users is empty; at least one user is required");
        }

        var index = 0;
        foreach (var user in users.EnumerateArray())
        {
            CheckUser(user, $"data.users[{index}]");
            index++;
        }
    }

    private static void CheckUser(JsonElement user, string path)
    {
        if (user.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidCloudEventException($"{path} is {ReasonText.Describe(user.ValueKind)}; it must be an object");
        }

        JsonFields.RequiredString(user, path, "name", MaxTextLength);
        var email = JsonFields.RequiredString(user, path, "email", MaxTextLength);
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            // The address itself stays out of the reason: reasons are logged, addresses are personal data.
            throw new InvalidCloudEventException($"{path}.email has no '@'");
        }

        JsonFields.RequiredString(user, path, "role", MaxTextLength);
    }
}
