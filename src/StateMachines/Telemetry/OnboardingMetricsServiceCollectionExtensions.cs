using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Knapscen.Sagas.StateMachines.Telemetry;

public static class OnboardingMetricsServiceCollectionExtensions
{
    /// <summary>One <see cref="OnboardingMetrics"/> per container, on the host's meter factory when there is one.</summary>
    public static IServiceCollection AddOnboardingMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new OnboardingMetrics(provider.GetService<IMeterFactory>()));
        return services;
    }
}
