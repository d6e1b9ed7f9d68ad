namespace Knapscen.Sagas.StateMachines.Steps;

public enum StepLaunchOutcome
{
    Launched,

    /// <summary>The same launch id was already running or finished: nothing new was started.</summary>
    AlreadyLaunched,
}
