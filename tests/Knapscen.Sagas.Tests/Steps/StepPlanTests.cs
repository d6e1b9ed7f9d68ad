using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Steps;

[Trait("Tier", "specs")]
public class StepPlanTests
{
    [Fact]
    public void Retry_delay_grows_exponentially_up_to_the_cap()
    {
        var policy = new StepRetryPolicy { InitialDelaySeconds = 2, BackoffMultiplier = 2, MaxDelaySeconds = 60 };

        Assert.Equal(
            [2, 4, 8, 16, 32, 60, 60],
            Enumerable.Range(1, 7).Select(attempt => StepPlan.Delay(policy, attempt).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(60), StepPlan.Delay(policy, 10_000));
    }

    [Theory]
    [InlineData("user.role == customer_account_owner", new[] { 0 })]
    [InlineData("user.role != customer_account_owner", new[] { 1, 2 })]
    [InlineData("user.email=='jane.doe@techcorp.com'", new[] { 1 })]
    [InlineData("  user.name == \"Jim Beam\" ", new[] { 2 })]
    [InlineData("user.index == 1", new[] { 1 })]
    public void Conditions_select_users(string condition, int[] expected)
    {
        var step = CompiledStep.Compile("s", new StepDefinition { Image = "i", PerUser = true, Condition = condition });

        Assert.Equal(expected.Select(index => (int?)index), StepPlan.Instances(step, SampleSaga.Create().Users));
    }

    [Fact]
    public void A_step_without_condition_runs_for_every_user_and_none_when_there_are_none()
    {
        var step = CompiledStep.Compile("s", new StepDefinition { Image = "i", PerUser = true });

        Assert.Equal([0, 1, 2], StepPlan.Instances(step, SampleSaga.Create().Users));
        Assert.Empty(StepPlan.Instances(step, Array.Empty<OnboardingUser>()));
    }
}
