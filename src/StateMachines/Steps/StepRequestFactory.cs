using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>Turns (saga, step, user, attempt) into a launch request: the catalog's image and command, resolved environment.</summary>
internal sealed class StepRequestFactory(StepCatalog catalog, LaunchTokens tokens, StepResultSubjects resultSubjects)
{
    /// <exception cref="StepLaunchException">The step is unknown, the user index does not fit the step, or a placeholder has no value.</exception>
    public StepLaunchRequest Create(CustomerOnboardingState saga, string step, int? userIndex, int attempt)
    {
        ArgumentNullException.ThrowIfNull(saga);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var compiled = catalog.Get(step);
        var definition = compiled.Definition;
        if (definition.PerUser != userIndex.HasValue)
        {
            throw new StepLaunchException(definition.PerUser
                ? $"Step '{step}' runs per user but no user index was given."
                : $"Step '{step}' runs once per saga but user index {userIndex} was given.");
        }

        if (userIndex is { } index && (index < 0 || index >= saga.Users.Count))
        {
            throw new StepLaunchException($"Step '{step}': user index {index} is outside the {saga.Users.Count} users of saga {saga.CorrelationId}.");
        }

        var launchId = LaunchIds.For(saga.CorrelationId, step, userIndex, attempt);
        var resultSubject = resultSubjects.For(saga.CorrelationId, launchId, tokens.For(saga.CorrelationId, launchId));
        var scope = new StepTemplateScope(saga, step, userIndex, attempt, launchId, resultSubject);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, template) in compiled.Environment)
        {
            environment[variable] = template.Render(scope, variable);
        }

        return new StepLaunchRequest
        {
            SagaId = saga.CorrelationId,
            Step = step,
            UserIndex = userIndex,
            Attempt = attempt,
            LaunchId = launchId,
            Image = definition.Image,
            Command = [.. definition.Command],
            Environment = environment,
            Timeout = TimeSpan.FromSeconds(definition.TimeoutSeconds),
            TraceParent = saga.TraceParent,
            ResultSubject = resultSubject,
        };
    }
}
