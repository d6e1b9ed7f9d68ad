namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>A step definition with its templates and condition parsed once, at start-up.</summary>
internal sealed class CompiledStep
{
    private CompiledStep(string name, StepDefinition definition, IReadOnlyDictionary<string, StepTemplate> environment, UserCondition? condition)
    {
        Name = name;
        Definition = definition;
        Environment = environment;
        Condition = condition;
    }

    public string Name { get; }

    public StepDefinition Definition { get; }

    public IReadOnlyDictionary<string, StepTemplate> Environment { get; }

    public UserCondition? Condition { get; }

    /// <exception cref="FormatException">A template or the condition does not parse; the message names the culprit.</exception>
    public static CompiledStep Compile(string name, StepDefinition definition)
    {
        var environment = new Dictionary<string, StepTemplate>(StringComparer.Ordinal);
        foreach (var (variable, template) in definition.Environment)
        {
            try
            {
                environment[variable] = StepTemplate.Parse(template ?? "");
            }
            catch (FormatException exception)
            {
                throw new FormatException($"Step '{name}', environment variable {variable}: {exception.Message}", exception);
            }
        }

        UserCondition? condition = null;
        if (!string.IsNullOrWhiteSpace(definition.Condition))
        {
            try
            {
                condition = UserCondition.Parse(definition.Condition);
            }
            catch (FormatException exception)
            {
                throw new FormatException($"Step '{name}': {exception.Message}", exception);
            }
        }

        return new CompiledStep(name, definition, environment, condition);
    }
}
