using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>The admission rule on its own: which due runs start under the limits, which wait, and until when.</summary>
[Trait("Tier", "specs")]
public sealed class When_due_runs_meet_running_step_limits
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RecheckAt = Now.AddSeconds(1);

    [Fact]
    public void Should_start_the_first_runs_in_the_sagas_order_up_to_the_steps_limit_and_let_the_rest_wait()
    {
        var due = Runs("register-user", 10);

        var admitted = RunningStepAdmission.Admit(due, RunningStepCounts.None, Limits(("register-user", 3)), 0, RecheckAt);

        Assert.Equal([0, 1, 2], admitted.Select(run => run.UserIndex));
        Assert.All(due.Skip(3), run => Assert.True(run.WaitingForSlot && run.Deadline == RecheckAt, $"user {run.UserIndex} should wait until {RecheckAt}"));
        Assert.All(admitted, run => Assert.False(run.WaitingForSlot));
    }

    [Fact]
    public void Should_count_what_runs_elsewhere_against_the_limit()
    {
        var running = Counts(("register-user", 2), ("send-welcome-email", 7));

        var admitted = RunningStepAdmission.Admit(Runs("register-user", 4), running, Limits(("register-user", 3)), 0, RecheckAt);

        Assert.Equal([0], admitted.Select(run => run.UserIndex));
    }

    [Fact]
    public void Should_admit_nothing_when_the_limit_is_already_reached_and_everything_when_there_is_no_limit()
    {
        Assert.Empty(RunningStepAdmission.Admit(Runs("register-user", 4), Counts(("register-user", 3)), Limits(("register-user", 3)), 0, RecheckAt));
        Assert.Equal(40, RunningStepAdmission.Admit(Runs("register-user", 40), Counts(("register-user", 300)), Limits(), 0, RecheckAt).Count);
    }

    [Fact]
    public void Should_keep_the_overall_limit_over_every_step_together()
    {
        var due = Runs("send-welcome-email", 3).Concat(Runs("notify-marketing", 1, perUser: false)).Concat(Runs("order-swag", 1, perUser: false)).ToList();

        var admitted = RunningStepAdmission.Admit(due, Counts(("register-customer", 1)), Limits(), overallLimit: 3, RecheckAt);

        Assert.Equal(["send-welcome-email", "send-welcome-email"], admitted.Select(run => run.Step));
        Assert.Equal(3, due.Count(run => run.WaitingForSlot));
    }

    [Fact]
    public void Should_let_a_step_with_room_start_while_a_limited_step_before_it_waits()
    {
        var due = Runs("send-welcome-email", 3).Concat(Runs("order-swag", 1, perUser: false)).ToList();

        var admitted = RunningStepAdmission.Admit(due, RunningStepCounts.None, Limits(("send-welcome-email", 1)), 0, RecheckAt);

        Assert.Equal([("send-welcome-email", (int?)0), ("order-swag", null)], admitted.Select(run => (run.Step, run.UserIndex)));
    }

    [Fact]
    public void Should_offer_waiting_runs_again_on_the_sagas_next_event_before_their_recheck_time()
    {
        var planner = new OnboardingPlanner(new StepPlan(CatalogOf("register-customer")));
        var saga = new CustomerOnboardingState { Steps = [new StepRun { Step = "register-customer", Status = StepStatus.Scheduled, Deadline = RecheckAt, WaitingForSlot = true }] };

        Assert.Single(planner.DueForwardRuns(saga, Now));
        Assert.Equal(RecheckAt, OnboardingDeadlines.Next(saga));
    }

    private static List<StepRun> Runs(string step, int count, bool perUser = true) =>
        [.. Enumerable.Range(0, count).Select(index => new StepRun { Step = step, UserIndex = perUser ? index : null, Status = StepStatus.Scheduled, Deadline = Now })];

    private static Func<string, int> Limits(params (string Step, int Limit)[] limits) =>
        step => limits.FirstOrDefault(limit => limit.Step == step).Limit;

    private static RunningStepCounts Counts(params (string Step, int Running)[] running) =>
        new(running.ToDictionary(entry => entry.Step, entry => entry.Running));

    private static StepCatalog CatalogOf(string step) =>
        new(Microsoft.Extensions.Options.Options.Create(new StepCatalogOptions { Steps = { [step] = new StepDefinition { Image = "image" } } }));
}
