namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>
/// The forward path, in order. Every step instance of a phase must succeed before the next phase starts; the
/// instances of one phase run in parallel (per-user steps fan out, see the catalog's PerUser and Condition).
/// </summary>
internal sealed record OnboardingPhase(string Name, IReadOnlyList<string> Steps)
{
    public static readonly OnboardingPhase RegisteringCustomer = new(nameof(RegisteringCustomer), [StepNames.RegisterCustomer]);

    public static readonly OnboardingPhase RegisteringUsers = new(nameof(RegisteringUsers), [StepNames.RegisterUser]);

    public static readonly OnboardingPhase Welcoming = new(nameof(Welcoming), [StepNames.SendWelcomeEmail, StepNames.NotifyMarketing, StepNames.OrderSwag]);

    public static readonly OnboardingPhase CreatingTouchpoints = new(nameof(CreatingTouchpoints), [StepNames.CreateTouchpoints]);

    public static readonly IReadOnlyList<OnboardingPhase> InOrder = [RegisteringCustomer, RegisteringUsers, Welcoming, CreatingTouchpoints];
}
