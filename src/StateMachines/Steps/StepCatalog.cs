using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>The validated catalog, compiled once; lookups by step name for the request factory and the plan.</summary>
internal sealed class StepCatalog
{
    private readonly Dictionary<string, CompiledStep> steps;

    public StepCatalog(IOptions<StepCatalogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        steps = options.Value.Steps.ToDictionary(
            pair => pair.Key,
            pair => CompiledStep.Compile(pair.Key, pair.Value),
            StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => steps.Keys;

    public CompiledStep Get(string step) =>
        steps.TryGetValue(step, out var compiled)
            ? compiled
            : throw new StepLaunchException($"Step '{step}' is not in the step catalog (configuration section 'Steps').");
}
