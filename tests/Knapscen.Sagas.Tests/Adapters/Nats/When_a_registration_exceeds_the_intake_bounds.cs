using System.Text.Json.Nodes;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.StateMachines.Contracts;

namespace Knapscen.Sagas.Tests.Adapters.Nats;

[Trait("Tier", "specs")]
public sealed class When_a_registration_exceeds_the_intake_bounds
{
    private readonly NatsCloudEventBinding _binding = new();

    [Fact]
    public void Should_refuse_more_users_than_the_limit_and_accept_exactly_the_limit()
    {
        var bounds = new IntakeOptions { MaxUsers = 4 };

        Validate(e => WithUsers(e, 4), bounds);
        var reason = Rejection.Expect(() => Validate(e => WithUsers(e, 5), bounds), "data.users has 5 users");
        Assert.Equal("data.users has 5 users; the limit is 4 per registration (Intake:MaxUsers)", reason);
    }

    [Fact]
    public void Should_refuse_101_users_by_default()
    {
        Validate(e => WithUsers(e, 100), new IntakeOptions());
        Rejection.Expect(() => Validate(e => WithUsers(e, 101), new IntakeOptions()), "data.users has 101 users; the limit is 100");
    }

    [Fact]
    public void Should_refuse_a_role_that_is_not_configured_and_name_the_allowed_ones()
    {
        var reason = Rejection.Expect(() => Validate(e => User(e, 2)["role"] = "superuser", new IntakeOptions()), "data.users[2].role");
        Assert.Equal("data.users[2].role is 'superuser'; it must be one of customer_account_owner, admin_user, generic_user (Intake:Roles)", reason);
    }

    [Fact]
    public void Should_accept_the_configured_roles_instead_of_the_seeded_ones()
    {
        var bounds = new IntakeOptions { Roles = ["owner", "member"] };

        Validate(e => { User(e, 0)["role"] = "owner"; User(e, 1)["role"] = "member"; User(e, 2)["role"] = "member"; }, bounds);
        Rejection.Expect(() => Validate(_ => { }, bounds), "data.users[0].role is 'customer_account_owner'; it must be one of owner, member");
    }

    [Theory]
    [InlineData("name", "Jane\u0007Doe", "data.users[1].name contains a control character (U+0007) at character 5")]
    [InlineData("name", "Jane\nDoe", "data.users[1].name contains a control character (U+000A) at character 5")]
    [InlineData("email", "jane\r\n.doe@techcorp.com", "data.users[1].email contains a control character (U+000D) at character 5")]
    [InlineData("role", "admin_user\u009b", "data.users[1].role contains a control character (U+009B) at character 11")]
    public void Should_refuse_control_characters_in_user_fields_without_quoting_the_value(string field, string value, string expected)
    {
        var reason = Rejection.Expect(() => Validate(e => User(e, 1)[field] = value, new IntakeOptions()), expected);
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Should_refuse_a_control_character_in_the_company_name()
    {
        Rejection.Expect(() => Validate(e => SampleEvents.Data(e)["name"] = "TechCorp\u001b[31m", new IntakeOptions()), "data.name contains a control character (U+001B) at character 9");
    }

    [Fact]
    public void Should_accept_names_in_any_script()
    {
        Validate(e => User(e, 1)["name"] = "Zoë Ångström 李雷", new IntakeOptions());
    }

    [Fact]
    public void Should_refuse_an_id_longer_than_the_inbox_stores_and_accept_one_that_fits()
    {
        Validate(e => e["id"] = new string('i', EventIdentityLimits.MaxIdLength), new IntakeOptions());
        var reason = Rejection.Expect(() => Validate(e => e["id"] = new string('i', 300), new IntakeOptions()), "attribute 'id'");
        Assert.Equal($"attribute 'id' is 300 characters; the inbox stores at most {EventIdentityLimits.MaxIdLength}", reason);
    }

    [Fact]
    public void Should_count_an_id_in_characters_as_the_column_does_not_in_utf16_units()
    {
        // 255 emoji are 510 UTF-16 units but 255 characters, which VARCHAR(255) in utf8mb4 holds.
        Validate(e => e["id"] = string.Concat(Enumerable.Repeat("😀", EventIdentityLimits.MaxIdLength)), new IntakeOptions());
    }

    [Fact]
    public void Should_refuse_a_source_longer_than_the_inbox_stores()
    {
        var source = "https://producer.example/" + new string('s', EventIdentityLimits.MaxSourceLength);
        Rejection.Expect(() => Validate(e => e["source"] = source, new IntakeOptions()), $"attribute 'source' is {source.Length} characters; the inbox stores at most {EventIdentityLimits.MaxSourceLength}");
    }

    [Fact]
    public void Should_refuse_with_the_same_reason_through_the_publishers_validation()
    {
        var cloudEvent = _binding.Decode(null, SampleEvents.Mutate(SampleEvents.CustomerRegistered, e => WithUsers(e, 3)), 262_144);
        var bounds = new IntakeOptions { MaxUsers = 2 };

        var refused = Assert.Throws<InvalidEventException>(() => EventValidation.Validate(cloudEvent, bounds));
        var intake = Assert.Throws<InvalidCloudEventException>(() => CloudEventValidator.Validate(cloudEvent, bounds));
        Assert.Equal(intake.Reason, refused.Message);
    }

    private void Validate(Action<JsonObject> change, IntakeOptions bounds) =>
        CloudEventValidator.Validate(_binding.Decode(null, SampleEvents.Mutate(SampleEvents.CustomerRegistered, change), 262_144), bounds);

    private static JsonObject User(JsonObject cloudEvent, int index) =>
        SampleEvents.Data(cloudEvent)["users"]!.AsArray()[index]!.AsObject();

    private static void WithUsers(JsonObject cloudEvent, int count) => SampleEvents.Data(cloudEvent)["users"] = Intake.InvalidEvents.Users(count);
}
