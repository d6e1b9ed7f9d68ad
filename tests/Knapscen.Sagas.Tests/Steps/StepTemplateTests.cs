using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Steps;

[Trait("Tier", "specs")]
public class StepTemplateTests
{
    private readonly Knapscen.Sagas.StateMachines.Onboarding.CustomerOnboardingState saga = SampleSaga.Create();

    private string Render(string template, int? userIndex = null, string variable = "VALUE") =>
        StepTemplate.Parse(template).Render(
            new StepTemplateScope(saga, "some-step", userIndex, attempt: 2, launchId: "some-step-s-a2-x", resultSubject: "knapscen.results.s.some-step-s-a2-x.t"),
            variable);

    [Fact]
    public void Whole_data_renders_as_compact_json_with_the_original_key_order()
    {
        var rendered = Render("${event.data}");

        Assert.StartsWith("""{"name":"TechCorp Solutions","subscription_tier":"far-out","users":[{"name":"John Smith",""", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(": ", rendered, StringComparison.Ordinal);
        Assert.EndsWith("""{"city":"San Francisco","floors":[3,4],"listed":false,"ticker":null}}""", rendered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${event.data.name}", "TechCorp Solutions")]
    [InlineData("${event.data.hq.city}", "San Francisco")]
    [InlineData("${event.data.users.1.email}", "jane.doe@techcorp.com")]
    [InlineData("${event.data.hq.floors.1}", "4")]
    [InlineData("${event.data.hq.listed}", "false")]
    [InlineData("${event.data.hq.floors}", "[3,4]")]
    [InlineData("${event.data.users.2}", """{"name":"Jim Beam","email":"jim.beam@techcorp.com","role":"generic_user"}""")]
    [InlineData("tier=${event.data.subscription_tier};", "tier=far-out;")]
    [InlineData("${event.data.shipping_address?}", "")]
    [InlineData("${event.data.hq.ticker?}", "")]
    [InlineData("cost $5 and $${literal}", "cost $5 and ${literal}")]
    public void Data_paths_resolve(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("${event.id}", "evt-customer-20251004120000")]
    [InlineData("${event.source}", "knapscen.disco")]
    [InlineData("${event.type}", "disco.knapscen.customer.registered")]
    [InlineData("${event.time}", "2025-10-04T12:00:00Z")]
    [InlineData("${event.subject}", "550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("${saga.id}", "550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("${saga.user_count}", "3")]
    [InlineData("${step.name}/${step.attempt}/${step.launch_id}", "some-step/2/some-step-s-a2-x")]
    [InlineData("${trace.parent}", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    public void Saga_and_step_placeholders_resolve(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void User_placeholders_resolve_for_the_given_user() =>
        Assert.Equal("Jane Doe <jane.doe@techcorp.com> admin_user #1", Render("${user.name} <${user.email}> ${user.role} #${user.index}", userIndex: 1));

    [Fact]
    public void Missing_field_names_the_variable_and_the_placeholder()
    {
        var error = Assert.Throws<StepLaunchException>(() => Render("at ${event.data.hq.street}", variable: "SHIPPING_ADDRESS"));

        Assert.Contains("SHIPPING_ADDRESS", error.Message, StringComparison.Ordinal);
        Assert.Contains("${event.data.hq.street}", error.Message, StringComparison.Ordinal);
        Assert.Contains("event.data.hq has no 'street'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${event.data.users.7.name}")]
    [InlineData("${event.data.hq.ticker}")]
    [InlineData("${user.name}")]
    public void Other_missing_values_fail_too(string template) =>
        Assert.Throws<StepLaunchException>(() => Render(template));

    [Theory]
    [InlineData("${event.nope}")]
    [InlineData("${event.data.}")]
    [InlineData("${event.id")]
    [InlineData("${ event.id }")]
    public void Malformed_templates_fail_to_parse(string template) =>
        Assert.Throws<FormatException>(() => StepTemplate.Parse(template));

    [Fact]
    public void A_launch_is_told_its_own_result_subject()
    {
        Assert.Equal("knapscen.results.s.some-step-s-a2-x.t", Render("${step.result_subject}"));
    }

    [Fact]
    public void An_earlier_steps_output_renders_its_subject_and_nested_data()
    {
        saga.Steps.Add(new StepRun
        {
            Step = "register-customer",
            Output = new StepOutput("disco.knapscen.customer.saved", "9f0c6a51-1111-4a2b-9c3d-000000000001", "1a2b3c4d", "register-corporate-customer",
                """{"name":"TechCorp","customer":{"id":"c-1","tags":["a","b"]},"gone":null}""", DateTimeOffset.UnixEpoch),
        });

        Assert.Equal("9f0c6a51-1111-4a2b-9c3d-000000000001", Render("${steps.register-customer.output.subject}"));
        Assert.Equal("1a2b3c4d", Render("${steps.register-customer.output.id}"));
        Assert.Equal("TechCorp", Render("${steps.register-customer.output.data.name}"));
        Assert.Equal("b", Render("${steps.register-customer.output.data.customer.tags.1}"));
        Assert.Equal("", Render("${steps.register-customer.output.data.gone?}"));
    }

    [Fact]
    public void A_missing_output_fails_the_launch_with_the_step_named()
    {
        var error = Assert.Throws<StepLaunchException>(() => Render("${steps.register-customer.output.subject}", variable: "CUSTOMER_ID"));

        Assert.Contains("CUSTOMER_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'register-customer' has reported no output", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${steps.register-customer.subject}")]
    [InlineData("${steps.register-customer.output.colour}")]
    [InlineData("${steps..output.subject}")]
    [InlineData("${steps.register-customer.output.subject.deeper}")]
    public void A_malformed_output_placeholder_is_refused_when_parsed(string template)
    {
        Assert.Throws<FormatException>(() => StepTemplate.Parse(template));
    }
}
