using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>Chooses the argv for a request: its own Command, else the image's mapped command, else the default.</summary>
internal sealed class LocalCommandResolver(LocalProcessLauncherOptions options, Func<IReadOnlyList<string>> self)
{
    public IReadOnlyList<string>? Resolve(StepLaunchRequest request, out string? error)
    {
        error = null;
        IReadOnlyList<string>? command =
            request.Command.Count > 0 ? request.Command
            : options.Images.TryGetValue(request.Image, out var mapped) ? mapped
            : options.DefaultCommand.Count > 0 ? options.DefaultCommand
            : null;
        if (command is null)
        {
            error = $"no local command for image '{request.Image}': set LocalLauncher:Images or LocalLauncher:DefaultCommand, or give the step a Command";
            return null;
        }

        var argv = new List<string>(command.Count + 1);
        foreach (var argument in command)
        {
            if (argument == SelfCommand.Token)
            {
                argv.AddRange(self());
            }
            else
            {
                argv.Add(argument);
            }
        }

        return argv;
    }
}
