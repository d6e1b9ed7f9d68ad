using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

public static class LocalProcessLauncherServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local-process <see cref="IStepLauncher"/> (and <see cref="IStepCanceller"/>) with its options from the section <c>LocalLauncher</c>
    /// (validated at start) and a hosted service that lets running steps finish at shutdown. Needs an
    /// <see cref="IStepResultPublisher"/> registered elsewhere; reads EnvFrom from the step catalog when one is registered.
    /// </summary>
    public static IServiceCollection AddLocalProcessLauncher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LocalProcessLauncherOptions.SectionName);
        services.AddOptions<LocalProcessLauncherOptions>()
            .Bind(section)
            .Configure(options => ImageCommandMapReader.Read(section.GetSection("Images"), options))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalProcessLauncherOptions>, LocalProcessLauncherOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LocalProcessStepLauncher>();
        services.AddSingleton<IStepLauncher>(provider => provider.GetRequiredService<LocalProcessStepLauncher>());
        services.TryAddSingleton<IStepCanceller>(provider => provider.GetRequiredService<LocalProcessStepLauncher>());
        services.AddHostedService<LocalProcessLauncherLifetime>();
        return services;
    }
}
