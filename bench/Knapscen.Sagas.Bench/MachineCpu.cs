using System.Globalization;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// How busy the whole machine's cores were over an interval (/proc/stat), the orchestrator, the database, NATS and
/// anything else together: latency tails follow the CPU left over, which no one process's figure shows.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Steal, long Total)
{
    /// <summary>Now; null off Linux.</summary>
    public static MachineCpu? Read()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        // The first line sums every core: user nice system idle iowait irq softirq steal (guest time is inside user).
        var fields = File.ReadLines(path).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var (idle, iowait, steal) = (fields[3], fields[4], fields[7]);
        var total = fields.Sum();
        return new MachineCpu(total - idle - iowait - steal, steal, total);
    }

    /// <summary>The share of all cores' time that was busy between <paramref name="before"/> and now; NaN when unknown.</summary>
    public static (double Busy, double Steal) SharesSince(MachineCpu? before) =>
        before is { } start && Read() is { } end && end.Total > start.Total
            ? ((double)(end.Busy - start.Busy) / (end.Total - start.Total), (double)(end.Steal - start.Steal) / (end.Total - start.Total))
            : (double.NaN, double.NaN);
}
