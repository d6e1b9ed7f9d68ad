using Knapscen.Sagas.StateMachines.Onboarding.Diagram;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>The machine's arrows, read from the machine itself, are the onboarding's and nothing else; docs/architecture.md draws them.</summary>
[Trait("Tier", "specs")]
public sealed class When_the_machine_is_drawn
{
    /// <summary>(from, event, to); "X.Enter" is the move made on entering X. Final states (Completed, Compensated, Cancelled) have no way out.</summary>
    private static readonly (string From, string Event, string To)[] Onboarding =
    [
        // Registration starts the forward path.
        ("Initial", "Registered", "RegisteringCustomer"),
        // Forward: a phase hands over to the next when done: on a result, a passed deadline, an operator retry, or at once on entry.
        ("RegisteringCustomer", "RegisteringCustomer.Enter", "RegisteringUsers"),
        ("RegisteringCustomer", "StepSucceeded", "RegisteringUsers"),
        ("RegisteringCustomer", "StepFailed", "RegisteringUsers"),
        ("RegisteringCustomer", "DeadlinesDue", "RegisteringUsers"),
        ("RegisteringCustomer", "Retry", "RegisteringUsers"),
        ("RegisteringUsers", "RegisteringUsers.Enter", "Welcoming"),
        ("RegisteringUsers", "StepSucceeded", "Welcoming"),
        ("RegisteringUsers", "StepFailed", "Welcoming"),
        ("RegisteringUsers", "DeadlinesDue", "Welcoming"),
        ("RegisteringUsers", "Retry", "Welcoming"),
        ("Welcoming", "Welcoming.Enter", "CreatingTouchpoints"),
        ("Welcoming", "StepSucceeded", "CreatingTouchpoints"),
        ("Welcoming", "StepFailed", "CreatingTouchpoints"),
        ("Welcoming", "DeadlinesDue", "CreatingTouchpoints"),
        ("Welcoming", "Retry", "CreatingTouchpoints"),
        ("CreatingTouchpoints", "CreatingTouchpoints.Enter", "Completed"),
        ("CreatingTouchpoints", "StepSucceeded", "Completed"),
        ("CreatingTouchpoints", "StepFailed", "Completed"),
        ("CreatingTouchpoints", "DeadlinesDue", "Completed"),
        ("CreatingTouchpoints", "Retry", "Completed"),
        // A step failed for good (or refused at launch) turns every phase to compensation; so does an operator's Compensate.
        ("RegisteringCustomer", "RegisteringCustomer.Enter", "Compensating"),
        ("RegisteringCustomer", "StepSucceeded", "Compensating"),
        ("RegisteringCustomer", "StepFailed", "Compensating"),
        ("RegisteringCustomer", "DeadlinesDue", "Compensating"),
        ("RegisteringCustomer", "Retry", "Compensating"),
        ("RegisteringCustomer", "Compensate", "Compensating"),
        ("RegisteringUsers", "RegisteringUsers.Enter", "Compensating"),
        ("RegisteringUsers", "StepSucceeded", "Compensating"),
        ("RegisteringUsers", "StepFailed", "Compensating"),
        ("RegisteringUsers", "DeadlinesDue", "Compensating"),
        ("RegisteringUsers", "Retry", "Compensating"),
        ("RegisteringUsers", "Compensate", "Compensating"),
        ("Welcoming", "Welcoming.Enter", "Compensating"),
        ("Welcoming", "StepSucceeded", "Compensating"),
        ("Welcoming", "StepFailed", "Compensating"),
        ("Welcoming", "DeadlinesDue", "Compensating"),
        ("Welcoming", "Retry", "Compensating"),
        ("Welcoming", "Compensate", "Compensating"),
        ("CreatingTouchpoints", "CreatingTouchpoints.Enter", "Compensating"),
        ("CreatingTouchpoints", "StepSucceeded", "Compensating"),
        ("CreatingTouchpoints", "StepFailed", "Compensating"),
        ("CreatingTouchpoints", "DeadlinesDue", "Compensating"),
        ("CreatingTouchpoints", "Retry", "Compensating"),
        ("CreatingTouchpoints", "Compensate", "Compensating"),
        // Compensation ends undone, or needs attention when a compensation failed for good.
        ("Compensating", "Compensating.Enter", "Compensated"),
        ("Compensating", "Compensating.Enter", "NeedsAttention"),
        ("Compensating", "StepSucceeded", "Compensated"),
        ("Compensating", "StepSucceeded", "NeedsAttention"),
        ("Compensating", "StepFailed", "Compensated"),
        ("Compensating", "StepFailed", "NeedsAttention"),
        ("Compensating", "DeadlinesDue", "Compensated"),
        ("Compensating", "DeadlinesDue", "NeedsAttention"),
        // Cancel from every unfinished state.
        ("RegisteringCustomer", "Cancel", "Cancelled"),
        ("RegisteringUsers", "Cancel", "Cancelled"),
        ("Welcoming", "Cancel", "Cancelled"),
        ("CreatingTouchpoints", "Cancel", "Cancelled"),
        ("Compensating", "Cancel", "Cancelled"),
        ("NeedsAttention", "Cancel", "Cancelled"),
        // An operator decides on a saga that needs attention: forward again from the first phase, or compensate again.
        ("NeedsAttention", "Retry", "RegisteringCustomer"),
        ("NeedsAttention", "Compensate", "Compensating"),
    ];

    [Fact]
    public void Should_have_exactly_the_onboardings_transitions()
    {
        var actual = OnboardingDiagram.Transitions().Select(transition => (transition.From, transition.Event, transition.To)).ToHashSet();

        Assert.Empty(actual.Except(Onboarding).Order());
        Assert.Empty(Onboarding.Except(actual).Order());
    }

    [Fact]
    public void Should_be_drawn_in_the_architecture_page_as_generated()
    {
        const string page = "docs/architecture.md";
        const string opening = "```mermaid\nstateDiagram-v2\n";
        var text = File.ReadAllText(Path.Combine(Stack.RepositoryRoot, page)).ReplaceLineEndings("\n");
        var start = text.IndexOf(opening, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{page} has no ```mermaid block starting with stateDiagram-v2");
        start += "```mermaid\n".Length;
        var drawn = text[start..text.IndexOf("```", start, StringComparison.Ordinal)];

        Assert.True(
            drawn == OnboardingDiagram.Mermaid(),
            $"{page}'s diagram is not the machine's; regenerate it with `dotnet run --project src/Orchestrator -- machine diagram` and paste it into its ```mermaid block:\n{OnboardingDiagram.Mermaid()}");
    }
}
