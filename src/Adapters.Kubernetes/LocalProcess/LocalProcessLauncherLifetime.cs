using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>Ties the launcher's graceful stop to host shutdown, while the result publisher is still usable.</summary>
internal sealed class LocalProcessLauncherLifetime(LocalProcessStepLauncher launcher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => launcher.StopAsync(cancellationToken);
}
