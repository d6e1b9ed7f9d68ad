using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>CPU and memory as Kubernetes quantity strings ("250m", "128Mi"); null leaves the cluster default.</summary>
public sealed class ResourceAmounts
{
    [RegularExpression(NameRules.QuantityPattern, ErrorMessage = "Cpu must be a Kubernetes quantity such as 250m or 1.")]
    public string? Cpu { get; set; }

    [RegularExpression(NameRules.QuantityPattern, ErrorMessage = "Memory must be a Kubernetes quantity such as 128Mi.")]
    public string? Memory { get; set; }
}
