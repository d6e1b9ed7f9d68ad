using MassTransit;

namespace Knapscen.Sagas.StateMachines.Onboarding.Activities;

/// <summary>
/// An activity of the onboarding machine that does I/O (launch, stop, publish); resolved from DI per transition.
/// It needs only the saga, so the same class serves an event's chain and a state's enter chain.
/// </summary>
internal abstract class OnboardingActivity : IStateMachineActivity<CustomerOnboardingState>
{
    /// <summary>The name the activity has in probes and in the machine's graph.</summary>
    protected abstract string Name { get; }

    protected abstract Task RunAsync(BehaviorContext<CustomerOnboardingState> context);

    public async Task Execute(BehaviorContext<CustomerOnboardingState> context, IBehavior<CustomerOnboardingState> next)
    {
        await RunAsync(context).ConfigureAwait(false);
        await next.Execute(context).ConfigureAwait(false);
    }

    public async Task Execute<T>(BehaviorContext<CustomerOnboardingState, T> context, IBehavior<CustomerOnboardingState, T> next)
        where T : class
    {
        await RunAsync(context).ConfigureAwait(false);
        await next.Execute(context).ConfigureAwait(false);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<CustomerOnboardingState, TException> context, IBehavior<CustomerOnboardingState> next)
        where TException : Exception =>
        next.Faulted(context);

    public Task Faulted<T, TException>(BehaviorExceptionContext<CustomerOnboardingState, T, TException> context, IBehavior<CustomerOnboardingState, T> next)
        where T : class
        where TException : Exception =>
        next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope(Name);

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
