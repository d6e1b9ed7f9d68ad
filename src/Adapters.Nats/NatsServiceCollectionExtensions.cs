using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Connection;
using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Knapscen.Sagas.Adapters.Nats.Intake;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Adapters.Nats;

public static class NatsServiceCollectionExtensions
{
    /// <summary>NATS connection, JetStream topology and the CloudEvent publishers (what the CLI needs to publish).</summary>
    public static IServiceCollection AddNatsPublishing(this IServiceCollection services)
    {
        services.AddOptions<NatsOptions>().BindConfiguration(NatsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NatsOptions>, NatsOptionsValidator>());
        // Publishers validate as the intake does, so they read the same bounds.
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INatsConnection>(provider =>
            new NatsConnection(provider.GetRequiredService<IOptions<NatsOptions>>().Value.Connection().ToNatsOpts("knapscen-orchestrator", NatsConnectionSettings.OrchestratorInboxPrefix)));
        services.TryAddSingleton<INatsJSContext>(provider => new NatsJSContext(provider.GetRequiredService<INatsConnection>()));
        services.TryAddSingleton(provider => new JetStreamNames(provider.GetRequiredService<IOptions<NatsOptions>>().Value.SubjectPrefix));
        services.TryAddSingleton<JetStreamTopology>();
        // Replaces the prefix-less default of the step catalog: launches must be told the installation's subjects.
        services.AddSingleton(provider => new StepResultSubjects(provider.GetRequiredService<IOptions<NatsOptions>>().Value.SubjectPrefix));
        services.TryAddSingleton(_ => new NatsCloudEventBinding());
        services.TryAddSingleton(provider => new CloudEventPublisher(
            provider.GetRequiredService<INatsJSContext>(), provider.GetRequiredService<JetStreamNames>(), provider.GetRequiredService<JetStreamTopology>(), provider.GetRequiredService<NatsCloudEventBinding>()));
        services.TryAddSingleton<IStepResultPublisher, NatsStepResultPublisher>();
        services.TryAddSingleton<IOnboardingOutcomePublisher, NatsOnboardingOutcomePublisher>();
        services.TryAddSingleton(provider => new DeadLetterStore(
            provider.GetRequiredService<INatsJSContext>(), provider.GetRequiredService<JetStreamNames>(), provider.GetRequiredService<JetStreamTopology>()));
        return services;
    }

    /// <summary>The durable intake: consumes CloudEvents, dead-letters invalid ones, dispatches the rest into the saga.</summary>
    public static IServiceCollection AddNatsIntake(this IServiceCollection services)
    {
        services.AddNatsPublishing();
        services.TryAddSingleton<DeadLetterPublisher>();
        services.AddOnboardingMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObservedGauge, IntakeBacklogGauge>());
        services.TryAddSingleton<SagaDispatcher>();
        services.TryAddSingleton<ResultBinding>();
        services.TryAddSingleton<OutputAnnouncer>();
        services.TryAddSingleton<IntakeMessageHandler>();
        services.AddHostedService<NatsIntakeService>();
        services.AddHostedService<IntakeStreamTrimmer>();
        return services;
    }
}
