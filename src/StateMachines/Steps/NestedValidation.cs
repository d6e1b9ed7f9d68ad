using System.ComponentModel.DataAnnotations;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Runs DataAnnotations on an object and the option objects it holds, prefixing member names with their path.</summary>
internal static class NestedValidation
{
    public static IEnumerable<ValidationResult> Validate(object instance, string path)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult(
                $"{path}: {result.ErrorMessage}",
                result.MemberNames.Select(member => $"{path}.{member}").ToArray());
        }

        foreach (var property in instance.GetType().GetProperties())
        {
            if (property.PropertyType.Namespace == typeof(NestedValidation).Namespace
                && property.PropertyType.IsClass
                && property.GetIndexParameters().Length == 0
                && property.GetValue(instance) is { } child)
            {
                foreach (var nested in Validate(child, $"{path}.{property.Name}"))
                {
                    yield return nested;
                }
            }
        }
    }
}
