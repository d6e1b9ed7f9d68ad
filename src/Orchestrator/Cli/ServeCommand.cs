using System.CommandLine;
using Knapscen.Sagas.Orchestrator.Hosting;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the orchestrator: NATS intake, onboarding saga, step launcher, HTTP admin API.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var app = ServeApplication.Build(ServeApplication.CreateBuilder([]));
            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            return KnapscenCli.Success;
        });
        return command;
    }
}
