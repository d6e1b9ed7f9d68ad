using System.Text;

namespace Knapscen.Sagas.StateMachines.Onboarding.Diagram;

/// <summary>The onboarding machine drawn from its own definition: every TransitionTo, as a Mermaid state diagram.</summary>
public static class OnboardingDiagram
{
    public static IReadOnlySet<MachineTransition> Transitions()
    {
        var collector = new TransitionCollector<CustomerOnboardingState>();
        new CustomerOnboardingStateMachine().Accept(collector);
        return collector.Transitions;
    }

    /// <summary>
    /// One arrow per pair of states, labelled with the events that take it ("entered" when the move happens as
    /// the state is entered, e.g. a phase with nothing to do). In a stable order, so the copy in docs/architecture.md can be compared.
    /// </summary>
    public static string Mermaid()
    {
        var order = new[] { "Initial", "RegisteringCustomer", "RegisteringUsers", "Welcoming", "CreatingTouchpoints", "Completed", "Compensating", "Compensated", "NeedsAttention", "Cancelled" };
        var text = new StringBuilder("stateDiagram-v2\n");
        foreach (var arrow in Transitions()
            .GroupBy(transition => (transition.From, transition.To))
            .OrderBy(group => Array.IndexOf(order, group.Key.From))
            .ThenBy(group => Array.IndexOf(order, group.Key.To)))
        {
            var events = string.Join(", ", arrow.Select(transition => transition.Event.EndsWith(".Enter", StringComparison.Ordinal) ? "entered" : transition.Event).Distinct().Order(StringComparer.Ordinal));
            var from = arrow.Key.From == "Initial" ? "[*]" : arrow.Key.From;
            text.Append("    ").Append(from).Append(" --> ").Append(arrow.Key.To).Append(" : ").Append(events).Append('\n');
        }

        return text.ToString();
    }
}
