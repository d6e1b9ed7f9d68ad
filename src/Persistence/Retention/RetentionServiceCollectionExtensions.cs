using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Knapscen.Sagas.Persistence.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The inbox pruner (section <c>Inbox</c>); needs <see cref="PersistenceServiceCollectionExtensions"/>' registrations.</summary>
    public static IServiceCollection AddInboxRetention(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InboxRetentionOptions>()
            .Bind(configuration.GetSection(InboxRetentionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InboxPruner>();
        services.AddHostedService<InboxRetentionService>();
        return services;
    }
}
