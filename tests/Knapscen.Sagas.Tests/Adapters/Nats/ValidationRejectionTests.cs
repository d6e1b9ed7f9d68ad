using System.Text.Json.Nodes;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class ValidationRejectionTests
{
    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Unknown_type_is_refused()
    {
        Rejection.Expect(() => Validate(e => e["type"] = "disco.knapscen.customer.deleted"), "attribute 'type' is 'disco.knapscen.customer.deleted'");
    }

    [Fact]
    public void Subject_that_is_not_a_uuid_is_refused()
    {
        Rejection.Expect(() => Validate(e => e["subject"] = "customer-42"), "attribute 'subject' is 'customer-42', which is not a UUID");
    }

    [Fact]
    public void Subject_in_a_non_canonical_uuid_form_is_refused()
    {
        Rejection.Expect(() => Validate(e => e["subject"] = "550e8400e29b41d4a716446655440000"), "attribute 'subject'");
    }

    [Fact]
    public void Missing_subject_is_refused()
    {
        Rejection.Expect(() => Validate(e => e.Remove("subject")), "attribute 'subject' is missing");
    }

    [Fact]
    public void Users_that_are_not_an_array_are_refused()
    {
        Rejection.Expect(() => Validate(e => SampleEvents.Data(e)["users"] = new JsonObject()), "data.users is an object; it must be an array");
    }

    [Fact]
    public void Empty_users_are_refused()
    {
        Rejection.Expect(() => Validate(e => SampleEvents.Data(e)["users"] = new JsonArray()), "data.users is empty");
    }

    [Fact]
    public void User_without_email_is_refused()
    {
        var reason = Rejection.Expect(() => Validate(e => User(e, 1).Remove("email")), "data.users[1].email");
        Assert.Equal("data.users[1].email is missing", reason);
    }

    [Fact]
    public void User_email_without_at_sign_is_refused()
    {
        Rejection.Expect(() => Validate(e => User(e, 0)["email"] = "john.smith"), "data.users[0].email has no '@'");
    }

    [Fact]
    public void User_that_is_not_an_object_is_refused()
    {
        Rejection.Expect(() => Validate(e => SampleEvents.Data(e)["users"]!.AsArray()[2] = "Jim"), "data.users[2] is a string");
    }

    [Fact]
    public void Unknown_subscription_tier_is_refused()
    {
        Rejection.Expect(() => Validate(e => SampleEvents.Data(e)["subscription_tier"] = "gold"), "data.subscription_tier is 'gold'; it must be one of basic, groovy, far-out");
    }

    [Fact]
    public void Customer_name_longer_than_64_characters_is_refused()
    {
        Rejection.Expect(() => Validate(e => SampleEvents.Data(e)["name"] = new string('é', 65)), "data.name is 65 characters; the limit is 64");
    }

    [Fact]
    public void Empty_user_role_is_refused()
    {
        Rejection.Expect(() => Validate(e => User(e, 0)["role"] = ""), "data.users[0].role is empty");
    }

    [Fact]
    public void Malformed_traceparent_is_refused()
    {
        Rejection.Expect(
            () => Validate(e => e["traceparent"] = "00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
            "attribute 'traceparent'");
    }

    [Fact]
    public void Data_that_is_not_an_object_is_refused()
    {
        Rejection.Expect(() => Validate(e => e["data"] = new JsonArray(1, 2)), "data is an array; it must be a JSON object");
    }

    [Fact]
    public void Missing_data_is_refused()
    {
        Rejection.Expect(() => Validate(e => e.Remove("data")), "data is missing");
    }

    [Fact]
    public void Informational_event_with_text_data_is_refused()
    {
        var body = SampleEvents.Mutate("swag-ordered.json", e =>
        {
            e["datacontenttype"] = "text/plain";
            e["data"] = "shipped";
        });

        Rejection.Expect(() => CloudEventValidator.Validate(_binding.Decode(null, body, 262_144)), "data is text");
    }

    private void Validate(Action<JsonObject> change) =>
        CloudEventValidator.Validate(_binding.Decode(null, SampleEvents.Mutate(SampleEvents.CustomerRegistered, change), 262_144));

    private static JsonObject User(JsonObject cloudEvent, int index) =>
        SampleEvents.Data(cloudEvent)["users"]!.AsArray()[index]!.AsObject();
}
