using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>
/// Where each step's Jobs live. The watcher and the canceller look in exactly these namespaces, one at a time, so the
/// orchestrator needs namespaced rights only (a Role), never a cluster-wide list.
/// </summary>
internal sealed class JobNamespaces(StepCatalogOptions catalog, string defaultNamespace)
{
    public StepDefinition? Definition(string step) => catalog.Steps.GetValueOrDefault(step);

    public string For(string step) =>
        Definition(step)?.Namespace is { Length: > 0 } configured ? configured : defaultNamespace;

    public IReadOnlyList<string> All() =>
    [
        .. catalog.Steps.Values
            .Select(definition => definition.Namespace)
            .OfType<string>()
            .Where(name => name.Length > 0)
            .Append(defaultNamespace)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];
}
