using System.CommandLine;
using Knapscen.Sagas.StateMachines.Onboarding.Diagram;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary><c>knapscen machine diagram</c>: the onboarding machine as Mermaid, drawn from the machine itself (the copy in docs/architecture.md is checked by a test).</summary>
internal static class MachineCommand
{
    public static Command Create()
    {
        var diagram = new Command("diagram", "Print the onboarding state machine as a Mermaid state diagram, read from the machine's transitions.");
        diagram.SetAction(_ =>
        {
            Console.Write(OnboardingDiagram.Mermaid());
            return KnapscenCli.Success;
        });
        return new Command("machine", "The onboarding state machine.") { diagram };
    }
}
