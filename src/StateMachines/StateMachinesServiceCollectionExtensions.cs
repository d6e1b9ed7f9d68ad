using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Onboarding.Activities;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Knapscen.Sagas.StateMachines;

public static class StateMachinesServiceCollectionExtensions
{
    /// <summary>The services the onboarding saga's activities resolve: step dispatching and the clock.</summary>
    public static IServiceCollection AddOnboardingSagaServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStepCatalog(configuration);
        services.TryAddScoped<StepDispatcher>();
        services.AddOptions<RunningStepLimitOptions>()
            .Bind(configuration.GetSection(RunningStepLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The persistence registers the shared ledger; without it a configured limit is refused at the first launch.
        services.TryAddSingleton<IRunningStepLedger, UnsharedRunningStepLedger>();
        services.TryAddScoped<RunningStepLimiter>();
        services.TryAddScoped<OnboardingPlanner>();
        services.TryAddScoped<LaunchDueSteps>();
        services.TryAddScoped<LaunchDueCompensations>();
        services.TryAddScoped<StopRunningSteps>();
        services.TryAddScoped<CancelSteps>();
        services.TryAddScoped<PublishOnboarded>();
        services.TryAddScoped<PublishOnboardingFailed>();
        return services;
    }

    /// <summary>Adds the onboarding state machine; the caller chooses the saga repository on the returned registration.</summary>
    public static ISagaRegistrationConfigurator<CustomerOnboardingState> AddOnboardingSaga(this IRegistrationConfigurator configurator) =>
        configurator.AddSagaStateMachine<CustomerOnboardingStateMachine, CustomerOnboardingState>(saga => saga.UseFilter(new TransitionSpanFilter()));
}
