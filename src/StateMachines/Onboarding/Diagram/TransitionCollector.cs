using MassTransit;
using MassTransit.SagaStateMachine;

namespace Knapscen.Sagas.StateMachines.Onboarding.Diagram;

/// <summary>
/// Walks the machine with MassTransit's own visitor (the one behind <c>GetGraph()</c>) and keeps, for every
/// TransitionTo, the state and event it is written under. <c>GetGraph()</c> shares one vertex per event between
/// all states, so joining its edges would let every state that handles an event reach every target of that event.
/// </summary>
internal sealed class TransitionCollector<TSaga> : StateMachineVisitor
    where TSaga : class, SagaStateMachineInstance
{
    private readonly HashSet<MachineTransition> transitions = [];
    private State? state;
    private Event? currentEvent;

    public IReadOnlySet<MachineTransition> Transitions => transitions;

    public void Visit(State state, Action<State> next)
    {
        this.state = state;
        next(state);
    }

    public void Visit(Event @event, Action<Event> next)
    {
        currentEvent = @event;
        next(@event);
    }

    public void Visit<TMessage>(Event<TMessage> @event, Action<Event<TMessage>> next)
        where TMessage : class
    {
        currentEvent = @event;
        next(@event);
    }

    public void Visit(IStateMachineActivity activity) => Visit(activity, _ => { });

    public void Visit(IStateMachineActivity activity, Action<IStateMachineActivity> next)
    {
        if (activity is TransitionActivity<TSaga> transition && state is not null && currentEvent is not null)
        {
            transitions.Add(new MachineTransition(state.Name, currentEvent.Name, transition.ToState.Name));
        }

        next(activity);
    }

    public void Visit<T>(IBehavior<T> behavior)
        where T : class, SagaStateMachineInstance
    {
    }

    public void Visit<T>(IBehavior<T> behavior, Action<IBehavior<T>> next)
        where T : class, SagaStateMachineInstance =>
        next(behavior);

    public void Visit<T, TMessage>(IBehavior<T, TMessage> behavior)
        where T : class, SagaStateMachineInstance
        where TMessage : class
    {
    }

    public void Visit<T, TMessage>(IBehavior<T, TMessage> behavior, Action<IBehavior<T, TMessage>> next)
        where T : class, SagaStateMachineInstance
        where TMessage : class =>
        next(behavior);
}
