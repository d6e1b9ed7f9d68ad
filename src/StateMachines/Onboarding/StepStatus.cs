namespace Knapscen.Sagas.StateMachines.Onboarding;

public enum StepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    TimedOut,
}
