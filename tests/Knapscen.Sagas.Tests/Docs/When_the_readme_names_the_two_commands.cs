using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>The README's test command is exactly what CI runs, and both of its commands exist.</summary>
[Trait("Tier", "specs")]
public sealed class When_the_readme_names_the_two_commands
{
    [Fact]
    public void The_test_command_is_what_ci_runs_and_both_scripts_are_executable()
    {
        var ciCommands = File.ReadAllLines(Path.Combine(Stack.RepositoryRoot, ".ci", "run"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("set ", StringComparison.Ordinal) && !line.StartsWith("cd ", StringComparison.Ordinal))
            .ToList();
        var readme = File.ReadAllText(Path.Combine(Stack.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("## The two commands\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        var block = section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
        var commands = block.Split('\n').Select(line => line.Split('#')[0].Trim()).ToList();

        Assert.Equal(["scripts/demo.sh", Assert.Single(ciCommands)], commands);
        foreach (var command in commands.Where(_ => !OperatingSystem.IsWindows()))
        {
            var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserExecute : File.GetUnixFileMode(Path.Combine(Stack.RepositoryRoot, command));
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{command} is not an executable file");
        }
    }
}
