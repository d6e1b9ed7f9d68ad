using System.Globalization;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// CPU time of the stack's own MariaDB server (its pid file in the state folder, its /proc entry), so a run shows how
/// the machine's cores split between the orchestrator and the database. Unknown (null) for a server not started by
/// scripts/stack.sh on this machine.
/// </summary>
internal static class DatabaseServerCpu
{
    // The kernel's USER_HZ: /proc reports CPU time in these ticks, 100 per second on Linux on every architecture we run.
    private const double TicksPerSecond = 100;

    private static int? serverPid;

    public static void Locate(string stateDirectory)
    {
        var pidFile = Path.Combine(stateDirectory, "mariadb", "mysqld.pid");
        serverPid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    public static TimeSpan? Read()
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
    public static double MsPer(TimeSpan? before, long units) =>
        before is { } start && Read() is { } end && units > 0 ? (end - start).TotalMilliseconds / units : double.NaN;
}
