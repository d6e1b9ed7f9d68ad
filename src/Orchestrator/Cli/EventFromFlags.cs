using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>A customer-registered event built from <c>--name --tier --user</c>; the intake's validation judges it.</summary>
internal static class EventFromFlags
{
    public static CloudEvent CustomerRegistered(string company, string? tier, IReadOnlyList<string> users)
    {
        var userArray = new JsonArray();
        foreach (var user in users)
        {
            var parts = user.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 3)
            {
                throw new OperatorException($"--user '{user}' must be name,email,role (three comma-separated values)");
            }

            userArray.Add(new JsonObject { ["name"] = parts[0], ["email"] = parts[1], ["role"] = parts[2] });
        }

        return CustomerRegistered(company, tier, userArray, "knapscen.cli");
    }

    /// <summary>The same event from a form's rows (the console's Publish page); <paramref name="source"/> says who sent it.</summary>
    public static CloudEvent CustomerRegistered(string company, string? tier, IEnumerable<OnboardingUser> users, string source)
    {
        var userArray = new JsonArray();
        foreach (var user in users)
        {
            userArray.Add(new JsonObject { ["name"] = user.Name, ["email"] = user.Email, ["role"] = user.Role });
        }

        return CustomerRegistered(company, tier, userArray, source);
    }

    private static CloudEvent CustomerRegistered(string company, string? tier, JsonArray userArray, string source)
    {
        var customerId = Guid.NewGuid();
        return new CloudEvent
        {
            Id = $"evt-customer-{customerId:N}",
            Type = "disco.knapscen.customer.registered",
            Source = new Uri(source, UriKind.Relative),
            Subject = customerId.ToString(),
            Time = DateTimeOffset.UtcNow,
            DataContentType = "application/json",
            // As a JsonElement, the form the intake's decoder produces, so validation sees what the intake would.
            Data = JsonSerializer.SerializeToElement(new JsonObject { ["name"] = company, ["subscription_tier"] = tier, ["users"] = userArray }),
        };
    }
}
