namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Configuration making a catalog step run a given local shell command instead of its image.</summary>
public static class StepCommands
{
    public static Dictionary<string, string?> Shell(string step, string script) => new()
    {
        [$"Steps:{step}:Command:0"] = "/bin/sh",
        [$"Steps:{step}:Command:1"] = "-c",
        [$"Steps:{step}:Command:2"] = script,
    };
}
