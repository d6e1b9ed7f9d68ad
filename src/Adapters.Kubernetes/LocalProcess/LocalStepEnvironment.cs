using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>
/// A step's process environment, built from scratch so the orchestrator's own variables (connection strings, tokens)
/// do not leak into steps. Precedence follows Kubernetes: inherited basics, then envFrom secrets, then the step's env,
/// then TRACEPARENT.
/// </summary>
internal static class LocalStepEnvironment
{
    /// <summary>PATH and HOME make programs findable and runnable; DOTNET_ROOT lets a {self} apphost find its runtime.</summary>
    private static readonly string[] Inherited = ["PATH", "HOME", "DOTNET_ROOT"];

    public static Dictionary<string, string> Build(
        StepLaunchRequest request,
        IEnumerable<IReadOnlyDictionary<string, string>> secrets,
        Func<string, string?> ambient)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (ambient(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var secret in secrets)
        {
            foreach (var (name, value) in secret)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in request.Environment)
        {
            environment[name] = value;
        }

        if (!string.IsNullOrEmpty(request.TraceParent))
        {
            environment["TRACEPARENT"] = request.TraceParent;
        }

        return environment;
    }
}
