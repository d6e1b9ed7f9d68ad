using k8s;

namespace Knapscen.Sagas.Adapters.Kubernetes.Jobs;

/// <summary>Builds the API client from the chosen source; the kubeconfig's credentials stay inside the client.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(LauncherChoice choice, KubernetesLauncherOptions options)
    {
        KubernetesClientConfiguration configuration;
        if (choice.KubeconfigPath is { } path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The kubeconfig '{path}' does not exist ({choice.Reason}).");
            }

            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: options.Context);
        }
        else
        {
            configuration = KubernetesClientConfiguration.InClusterConfig();
        }

        return new k8s.Kubernetes(configuration);
    }
}
