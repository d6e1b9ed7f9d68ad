using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// The benchmark's steps finish without running anything, so they report no output. The default catalog reads the
/// customer id from register-customer's output and requires one; the built-in step reports the saga id there, so
/// later steps get that value directly and no step needs an output.
/// </summary>
internal static class StepsWithoutOutputs
{
    private const string CustomerIdOutput = "${steps.register-customer.output.subject}";

    public static IEnumerable<KeyValuePair<string, string?>> Settings(IConfiguration configuration)
    {
        foreach (var step in configuration.GetSection("Steps").GetChildren())
        {
            yield return new($"Steps:{step.Key}:RequiresOutput", "false");
            foreach (var variable in step.GetSection("Environment").GetChildren().Where(variable => variable.Value == CustomerIdOutput))
            {
                yield return new($"Steps:{step.Key}:Environment:{variable.Key}", "${saga.id}");
            }
        }
    }
}
