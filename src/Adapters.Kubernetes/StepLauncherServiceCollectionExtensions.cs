using k8s;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Kubernetes;

public static class StepLauncherServiceCollectionExtensions
{
    /// <summary>
    /// Registers the step launcher this configuration asks for: Kubernetes Jobs (launcher, Job watcher, canceller) when
    /// a kubeconfig is configured (<c>Kubernetes:Kubeconfig</c>, else KUBECONFIG, else the in-cluster service account)
    /// and <c>Kubernetes:Enabled</c> is not false; otherwise local processes. Either way <see cref="IStepLauncher"/> and
    /// <see cref="IStepCanceller"/> are registered, and the host logs one line at start naming the launcher and why.
    /// Needs an <see cref="IStepResultPublisher"/> and the step catalog registered elsewhere.
    /// </summary>
    public static IServiceCollection AddStepLauncher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(KubernetesLauncherOptions.SectionName);
        var settings = section.Get<KubernetesLauncherOptions>() ?? new KubernetesLauncherOptions();
        var choice = LauncherChoice.Decide(settings, Environment.GetEnvironmentVariable, KubernetesClientConfiguration.IsInCluster());
        if (choice.UseKubernetes)
        {
            services.AddKubernetesJobLauncher(section, choice);
        }
        else
        {
            services.AddLocalProcessLauncher(configuration);
        }

        services.AddHostedService(provider => new LauncherAnnouncement(
            provider.GetRequiredService<IStepLauncher>(), choice.Reason, provider.GetRequiredService<ILogger<LauncherAnnouncement>>()));

        return services;
    }

    private static void AddKubernetesJobLauncher(this IServiceCollection services, IConfigurationSection section, LauncherChoice choice)
    {
        services.AddOptions<KubernetesLauncherOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new KubernetesApi(KubernetesClientFactory.Create(
            choice, provider.GetRequiredService<IOptions<KubernetesLauncherOptions>>().Value)));
        services.TryAddSingleton<KubernetesJobLauncher>();
        services.AddSingleton<IStepLauncher>(provider => provider.GetRequiredService<KubernetesJobLauncher>());
        services.TryAddSingleton<IStepCanceller>(provider => provider.GetRequiredService<KubernetesJobLauncher>());
        services.AddHostedService<KubernetesJobWatcher>();
    }
}
