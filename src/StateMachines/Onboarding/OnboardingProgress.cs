namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>Where the engine left the saga after an event; the state machine turns it into a state.</summary>
internal enum OnboardingProgress
{
    RegisteringCustomer,
    RegisteringUsers,
    Welcoming,
    CreatingTouchpoints,
    Completed,
    Compensating,
    Compensated,
    NeedsAttention,
}
