using Knapscen.Sagas.Adapters.Kubernetes;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Adapters.LocalProcess;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Tests.Kubernetes;

[Trait("Tier", "specs")]
public class LauncherChoiceTests
{
    [Fact]
    public void Configured_kubeconfig_wins_over_the_environment()
    {
        var choice = LauncherChoice.Decide(new KubernetesLauncherOptions { Kubeconfig = "/k/config" }, _ => "/env/config", inCluster: true);

        Assert.Equal((true, "/k/config"), (choice.UseKubernetes, choice.KubeconfigPath));
        Assert.Contains("Kubernetes:Kubeconfig", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubeconfig_variable_then_in_cluster_then_local()
    {
        var none = new KubernetesLauncherOptions();

        Assert.Equal("/a", LauncherChoice.Decide(none, name => name == "KUBECONFIG" ? "/a:/b" : null, inCluster: false).KubeconfigPath);
        var inCluster = LauncherChoice.Decide(none, _ => null, inCluster: true);
        Assert.True(inCluster.UseKubernetes);
        Assert.Null(inCluster.KubeconfigPath);
        Assert.False(LauncherChoice.Decide(none, _ => null, inCluster: false).UseKubernetes);
    }

    [Fact]
    public void Disabled_means_local_whatever_is_configured()
    {
        var choice = LauncherChoice.Decide(new KubernetesLauncherOptions { Enabled = false, Kubeconfig = "/k" }, _ => "/e", inCluster: true);

        Assert.False(choice.UseKubernetes);
        Assert.Contains("Enabled is false", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_picks_the_kubernetes_launcher_for_a_kubeconfig_and_local_processes_when_disabled()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"knapscen-kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        try
        {
            await using var kube = Build(new() { ["Kubernetes:Kubeconfig"] = kubeconfig });
            Assert.IsType<KubernetesJobLauncher>(kube.GetRequiredService<IStepLauncher>());
            Assert.IsType<KubernetesJobLauncher>(kube.GetRequiredService<IStepCanceller>());

            await using var local = Build(new() { ["Kubernetes:Kubeconfig"] = kubeconfig, ["Kubernetes:Enabled"] = "false" });
            Assert.IsType<LocalProcessStepLauncher>(local.GetRequiredService<IStepLauncher>());
            Assert.IsType<LocalProcessStepLauncher>(local.GetRequiredService<IStepCanceller>());
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IStepResultPublisher>(new RecordingStepResultPublisher());
        services.AddOptions<StepCatalogOptions>();
        services.AddStepLauncher(configuration);
        return services.BuildServiceProvider();
    }
}
