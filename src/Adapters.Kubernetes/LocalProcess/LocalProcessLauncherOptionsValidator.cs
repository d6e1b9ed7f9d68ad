using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>Checks what DataAnnotations cannot: the image map's shape and that no command starts with an empty program.</summary>
internal sealed class LocalProcessLauncherOptionsValidator : IValidateOptions<LocalProcessLauncherOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalProcessLauncherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.ImageMapErrors);
        foreach (var (image, command) in options.Images)
        {
            if (command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
            {
                failures.Add($"LocalLauncher:Images entry '{image}' needs a program as its first element.");
            }
        }

        if (options.DefaultCommand.Count > 0 && string.IsNullOrWhiteSpace(options.DefaultCommand[0]))
        {
            failures.Add("LocalLauncher:DefaultCommand needs a program as its first element.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
