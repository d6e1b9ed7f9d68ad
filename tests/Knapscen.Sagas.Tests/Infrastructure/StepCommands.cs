using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Configuration making catalog steps run given local shell commands instead of their images.</summary>
public static class StepCommands
{
    private static readonly Lazy<IReadOnlyList<string>> CatalogSteps = new(() =>
        [.. new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "steps.json"))
            .Build()
            .GetSection("Steps")
            .GetChildren()
            .Select(step => step.Key)]);

    public static IReadOnlyList<string> CatalogStepNames => CatalogSteps.Value;

    public static Dictionary<string, string?> Shell(string step, string script) => new()
    {
        [$"Steps:{step}:Command:0"] = "/bin/sh",
        [$"Steps:{step}:Command:1"] = "-c",
        [$"Steps:{step}:Command:2"] = script,
    };

    /// <summary>Every step of the catalog runs <paramref name="script"/>, except those given in <paramref name="overrides"/>.</summary>
    public static Dictionary<string, string?> All(string script = "exit 0", IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var step in CatalogSteps.Value)
        {
            foreach (var (key, value) in Shell(step, overrides?.GetValueOrDefault(step) ?? script))
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}
