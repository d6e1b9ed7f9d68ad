namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>The saga's step vocabulary; each name is a key of the step catalog (configuration section <c>Steps</c>).</summary>
public static class StepNames
{
    public const string RegisterCustomer = "register-customer";
}
