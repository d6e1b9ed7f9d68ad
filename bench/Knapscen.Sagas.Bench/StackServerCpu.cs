using System.Globalization;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// CPU time of one of the stack's own servers (its pid file in the state folder, its /proc entry), so a run shows how
/// the machine's cores split between the orchestrator, the database and NATS. Unknown (null) for a server not started
/// by scripts/stack.sh on this machine.
/// </summary>
internal sealed class StackServerCpu(string relativePidFile)
{
    // The kernel's USER_HZ: /proc reports CPU time in these ticks, 100 per second on Linux on every architecture we run.
    private const double TicksPerSecond = 100;

    public static StackServerCpu Database { get; } = new(Path.Combine("mariadb", "mysqld.pid"));

    public static StackServerCpu Nats { get; } = new(Path.Combine("nats", "nats.pid"));

    private int? serverPid;

    public static void LocateAll(string stateDirectory)
    {
        Database.Locate(stateDirectory);
        Nats.Locate(stateDirectory);
    }

    public TimeSpan? Read()
    {
        if (serverPid is not { } pid || !File.Exists($"/proc/{pid}/stat"))
        {
            return null;
        }

        // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are the 12th and 13th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Milliseconds of server CPU per unit of work since <paramref name="before"/>; NaN when unknown.</summary>
    public double MsPer(TimeSpan? before, long units) => MsPer(before, Read(), units);

    /// <summary>Milliseconds of CPU per unit of work between two readings; NaN when either is unknown or there was no work.</summary>
    public static double MsPer(TimeSpan? before, TimeSpan? after, long units) =>
        before is { } start && after is { } end && units > 0 ? (end - start).TotalMilliseconds / units : double.NaN;

    private void Locate(string stateDirectory)
    {
        var pidFile = Path.Combine(stateDirectory, relativePidFile);
        serverPid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
