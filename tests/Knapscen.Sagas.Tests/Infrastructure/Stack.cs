using System.Diagnostics;
namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// The project's real NATS and MariaDB, started (or reused) through scripts/stack.sh once per test run.
/// Each test asks for its own database and subject prefix, so tests run in parallel without sharing state.
/// </summary>
public static class Stack
{
    private static readonly Lazy<Task<StackEnvironment>> Started = new(StartAsync);

    public static Task<StackEnvironment> UpAsync() => Started.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static async Task<StackEnvironment> StartAsync()
    {
        Tiers.RefuseServersInSpecs("NATS and MariaDB");
        var script = Path.Combine(RepositoryRoot, "scripts", "stack.sh");
        var run = await ChildProcess.RunAsync(new ProcessStartInfo("bash", [script, "up"]), TimeSpan.FromMinutes(5));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/stack.sh up failed: {run.Error}");
        }

        var stateDir = Environment.GetEnvironmentVariable("KNAPSCEN_STATE_DIR") ?? Path.Combine(RepositoryRoot, ".state");
        var values = EnvFile.Parse(Path.Combine(stateDir, "stack.env"));
        var stack = new StackEnvironment(values["Nats__Url"], values["Database__ConnectionString"]);
        await Leftovers.DropAsync(stack);
        return stack;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Knapscen.Sagas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Knapscen.Sagas.sln not found above the test binaries");
    }
}

public sealed record StackEnvironment(string NatsUrl, string ConnectionString)
{
    /// <summary>A subject prefix of its own for one test, so streams and subjects never collide.</summary>
    public static string NewSubjectPrefix() => "t" + Guid.NewGuid().ToString("N")[..10] + ".";
}
