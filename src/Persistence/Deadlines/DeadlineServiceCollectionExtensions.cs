using Knapscen.Sagas.Persistence.Reading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Persistence.Deadlines;

public static class DeadlineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the deadline scanner (options from the section <c>Deadlines</c>, validated at start), the hosted service
    /// that runs it, and <see cref="SagaTableReader"/> (its stuck rule uses the scanner's limits). Needs <see cref="PersistenceServiceCollectionExtensions.AddKnapscenPersistence"/>
    /// and a mediator whose saga handles <see cref="StateMachines.Contracts.DeadlinesDue"/>.
    /// </summary>
    public static IServiceCollection AddDeadlineScanner(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DeadlineScannerOptions>()
            .Bind(configuration.GetSection(DeadlineScannerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeadlineScanner>();
        services.AddHostedService<DeadlineScannerService>();
        services.TryAddSingleton(provider => new SagaTableReader(
            provider.GetRequiredService<SagaConnectionString>().Value,
            provider.GetRequiredService<IOptions<DeadlineScannerOptions>>().Value));
        return services;
    }
}
