using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.StateMachines.Steps;

public static class StepCatalogServiceCollectionExtensions
{
    /// <summary>
    /// Binds the catalog from the configuration section <c>Steps</c>, validates it when the host starts (DataAnnotations
    /// plus cross-step rules), and registers the request factory and plan the saga uses.
    /// </summary>
    public static IServiceCollection AddStepCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StepCatalogOptions>()
            .Configure(options => BindCatalog(options, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StepCatalogOptions>, StepCatalogValidator>());
        services.TryAddSingleton<StepCatalog>();
        services.TryAddSingleton<StepPlan>();
        services.TryAddSingleton(new StepResultSubjects(""));
        services.TryAddSingleton<StepRequestFactory>();
        return services;
    }

    /// <summary>The section is the dictionary itself (no wrapper key), so it binds into <see cref="StepCatalogOptions.Steps"/>.</summary>
    internal static void BindCatalog(StepCatalogOptions options, IConfiguration configuration) =>
        configuration.GetSection(StepCatalogOptions.SectionName).Bind(options.Steps);
}
