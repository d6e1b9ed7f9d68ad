using Knapscen.Sagas.Persistence.Reading;
using Knapscen.Sagas.StateMachines.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Orchestrator.Operations;

internal static class OperationsServiceCollectionExtensions
{
    /// <summary>What operators use, from the CLI or the HTTP API: the saga read model and the command sender.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton(provider => new SagaReadModel(provider.GetRequiredService<SagaTableReader>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new SagaCommandSender(provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<OnboardingMetrics>()));
        return services;
    }
}
