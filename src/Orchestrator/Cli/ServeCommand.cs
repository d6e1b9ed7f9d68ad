using System.CommandLine;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the orchestrator: NATS intake, onboarding saga, step launcher.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = OrchestratorHost.CreateBuilder([]).AddOrchestrator().Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return KnapscenCli.Success;
        });
        return command;
    }
}
