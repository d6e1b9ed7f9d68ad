using Microsoft.Extensions.Configuration;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Configuration making catalog steps run given local shell commands instead of their images.</summary>
public static class StepCommands
{
    private const string CustomerIdOutput = "${steps.register-customer.output.subject}";

    private static readonly Lazy<IConfigurationSection> Catalog = new(() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "steps.json"))
            .Build()
            .GetSection("Steps"));

    private static readonly Lazy<IReadOnlyList<string>> CatalogSteps = new(() => [.. Catalog.Value.GetChildren().Select(step => step.Key)]);

    public static IReadOnlyList<string> CatalogStepNames => CatalogSteps.Value;

    /// <summary>
    /// For steps that report no output (shell commands, test images): the default catalog reads the customer id from
    /// register-customer's output and requires one. The built-in register-customer reports the saga id there, so
    /// these settings give later steps that value directly and let a step end well without an output.
    /// </summary>
    public static Dictionary<string, string?> WithoutOutputs(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var step in Catalog.Value.GetChildren())
        {
            settings[$"Steps:{step.Key}:RequiresOutput"] = "false";
            foreach (var variable in step.GetSection("Environment").GetChildren().Where(variable => variable.Value == CustomerIdOutput))
            {
                settings[$"Steps:{step.Key}:Environment:{variable.Key}"] = "${saga.id}";
            }
        }

        return settings;
    }

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

        return WithoutOutputs(settings);
    }
}
