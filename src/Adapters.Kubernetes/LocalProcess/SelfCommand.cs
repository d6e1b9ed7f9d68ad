using System.Reflection;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>
/// What <c>{self}</c> expands to: the orchestrator's own executable, so a step can be "this program, another verb".
/// Under <c>dotnet run</c> or <c>dotnet knapscen.dll</c> the process is the shared host, which needs the assembly path too.
/// </summary>
internal static class SelfCommand
{
    public const string Token = "{self}";

    private static readonly Lazy<IReadOnlyList<string>> CurrentCommand =
        new(() => Resolve(Environment.ProcessPath, Assembly.GetEntryAssembly()?.Location));

    public static IReadOnlyList<string> Current => CurrentCommand.Value;

    public static IReadOnlyList<string> Resolve(string? processPath, string? entryAssemblyPath)
    {
        if (string.IsNullOrEmpty(processPath))
        {
            throw new InvalidOperationException("The path of the running executable is unknown, so {self} cannot be expanded.");
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return [processPath];
        }

        if (string.IsNullOrEmpty(entryAssemblyPath))
        {
            throw new InvalidOperationException("Running under the dotnet host without an entry assembly path, so {self} cannot be expanded.");
        }

        return [processPath, entryAssemblyPath];
    }
}
