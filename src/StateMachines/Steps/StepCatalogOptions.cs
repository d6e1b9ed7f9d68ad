using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// The step catalog, bound from the configuration section <c>Steps</c> (step name → <see cref="StepDefinition"/>).
/// Public because launchers in other assemblies read a step's namespace, secrets and resources from it.
/// </summary>
public sealed class StepCatalogOptions : IValidatableObject
{
    public const string SectionName = "Steps";

    [MinLength(1, ErrorMessage = "The step catalog (configuration section 'Steps') defines no step.")]
    public Dictionary<string, StepDefinition> Steps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// DataAnnotations validation of options stops at the top-level object; the definitions are walked here so
    /// <c>ValidateDataAnnotations()</c> also covers every step, its retry policy and its resources.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, definition) in Steps)
        {
            if (definition is null)
            {
                yield return new ValidationResult($"Step '{name}' has no definition.", [$"{nameof(Steps)}[{name}]"]);
                continue;
            }

            foreach (var result in NestedValidation.Validate(definition, $"{nameof(Steps)}[{name}]"))
            {
                yield return result;
            }
        }
    }
}
