using System.CommandLine;
using Knapscen.Sagas.Orchestrator.StepWorkers;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>
/// Built-in step workers, run by the local launcher (or as a container command). They read the environment contract
/// of the original step containers, exit 0 on success and non-zero with one line on stderr saying why.
/// </summary>
internal static class StepCommand
{
    public static Command Create()
    {
        var command = new Command("step", "Run one onboarding step in this process (used by the local launcher).");
        foreach (var worker in StepWorkerCatalog.All)
        {
            var subcommand = new Command(worker.Name, worker.Description);
            subcommand.SetAction((_, cancellationToken) =>
                StepRunner.RunAsync(worker, StepEnvironment.FromProcess(), Console.Out, Console.Error, cancellationToken));
            command.Subcommands.Add(subcommand);
        }

        return command;
    }
}
