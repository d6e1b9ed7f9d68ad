using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Rules that span fields or steps, which DataAnnotations cannot express.</summary>
internal sealed class StepCatalogValidator : IValidateOptions<StepCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, StepCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (step, definition) in options.Steps)
        {
            if (definition is not null)
            {
                ValidateStep(step, definition, options.Steps, failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateStep(string step, StepDefinition definition, Dictionary<string, StepDefinition> steps, List<string> failures)
    {
        if (!NameRules.IsDns1123Label(step))
        {
            failures.Add($"Step name '{step}' must be a DNS-1123 label (lower-case letters, digits, '-'), because it names Jobs.");
        }

        if (definition.Command.Any(argument => argument is null || argument.Contains("${", StringComparison.Ordinal)))
        {
            failures.Add($"Step '{step}': Command takes no placeholders and no empty entries; event values go into Environment only.");
        }

        foreach (var variable in definition.Environment.Keys.Where(variable => !NameRules.IsEnvironmentVariable(variable)))
        {
            failures.Add($"Step '{step}': '{variable}' is not a valid environment variable name.");
        }

        foreach (var secret in definition.EnvFrom.Where(secret => secret is null || !NameRules.IsDns1123Subdomain(secret)))
        {
            failures.Add($"Step '{step}': EnvFrom entry '{secret}' is not a valid secret name.");
        }

        if (definition.Retry.MaxDelaySeconds < definition.Retry.InitialDelaySeconds)
        {
            failures.Add($"Step '{step}': Retry.MaxDelaySeconds must not be below Retry.InitialDelaySeconds.");
        }

        if (!definition.PerUser && !string.IsNullOrWhiteSpace(definition.Condition))
        {
            failures.Add($"Step '{step}': Condition selects users, so it needs PerUser = true.");
        }

        ValidateCompensation(step, definition, steps, failures);
        ValidateTemplates(step, definition, steps, failures);
    }

    private static void ValidateCompensation(string step, StepDefinition definition, Dictionary<string, StepDefinition> steps, List<string> failures)
    {
        if (definition.Compensation is not { } compensation)
        {
            return;
        }

        if (!steps.TryGetValue(compensation, out var undo) || undo is null)
        {
            failures.Add($"Step '{step}': compensation step '{compensation}' is not in the catalog.");
            return;
        }

        if (string.Equals(compensation, step, StringComparison.Ordinal))
        {
            failures.Add($"Step '{step}' cannot compensate itself.");
        }
        else if (undo.Compensation is not null)
        {
            failures.Add($"Step '{step}': compensation step '{compensation}' has a compensation of its own; undoing an undo is not supported.");
        }

        // The compensation undoes each instance that ran, so it needs the same instances.
        if (undo.PerUser != definition.PerUser)
        {
            failures.Add($"Step '{step}': compensation step '{compensation}' must have the same PerUser setting.");
        }
        else if (!string.Equals(undo.Condition?.Trim(), definition.Condition?.Trim(), StringComparison.Ordinal))
        {
            failures.Add($"Step '{step}': compensation step '{compensation}' must have the same Condition.");
        }
    }

    private static void ValidateTemplates(string step, StepDefinition definition, Dictionary<string, StepDefinition> steps, List<string> failures)
    {
        CompiledStep compiled;
        try
        {
            compiled = CompiledStep.Compile(step, definition);
        }
        catch (FormatException exception)
        {
            failures.Add(exception.Message);
            return;
        }

        foreach (var (variable, template) in compiled.Environment)
        {
            foreach (var placeholder in template.Placeholders.Where(placeholder => placeholder.OutputStep is { } named && !steps.ContainsKey(named)))
            {
                failures.Add($"Step '{step}', environment variable {variable}: ${{{placeholder.Expression}}} names step '{placeholder.OutputStep}', which is not in the catalog.");
            }
        }

        if (definition.PerUser)
        {
            return;
        }

        foreach (var (variable, template) in compiled.Environment)
        {
            foreach (var placeholder in template.Placeholders.Where(placeholder => placeholder.NeedsUser))
            {
                failures.Add($"Step '{step}', environment variable {variable}: ${{{placeholder.Expression}}} needs PerUser = true.");
            }
        }
    }
}
