namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Container resources as Kubernetes quantities; launchers without resource control ignore them.</summary>
public sealed class StepResources
{
    public ResourceAmounts Requests { get; set; } = new();

    public ResourceAmounts Limits { get; set; } = new();
}
