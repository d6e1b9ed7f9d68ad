using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Adapters.Kubernetes;

/// <summary>Says once at start which launcher runs steps and why, so a misconfigured cluster is visible in the first lines.</summary>
internal sealed partial class LauncherAnnouncement(IStepLauncher launcher, string reason, ILogger<LauncherAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogActive(logger, launcher.Name, reason);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Step launcher: {Launcher} ({Reason})")]
    private static partial void LogActive(ILogger logger, string launcher, string reason);
}
