namespace Knapscen.Sagas.StateMachines.Onboarding;

/// <summary>The saga's forward steps; each name is a key of the step catalog (configuration section <c>Steps</c>).</summary>
public static class StepNames
{
    public const string RegisterCustomer = "register-customer";
    public const string RegisterUser = "register-user";
    public const string SendWelcomeEmail = "send-welcome-email";
    public const string NotifyMarketing = "notify-marketing";
    public const string OrderSwag = "order-swag";
    public const string CreateTouchpoints = "create-touchpoints";
}
