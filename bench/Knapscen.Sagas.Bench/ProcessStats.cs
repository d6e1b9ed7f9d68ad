using System.Diagnostics;
using System.Globalization;

namespace Knapscen.Sagas.Bench;

/// <summary>Memory and CPU of this process, which hosts the orchestrator (and the small publisher and poller).</summary>
internal static class ProcessStats
{
    public static long ResidentBytes() => ReadStatusKilobytes("VmRSS:") ?? CurrentProcess(p => p.WorkingSet64);

    public static long PeakResidentBytes() => ReadStatusKilobytes("VmHWM:") ?? CurrentProcess(p => p.PeakWorkingSet64);

    /// <summary>
    /// RSS beside what the GC holds: the managed heap after the last collection and the memory the GC keeps committed.
    /// RSS growing while both stay flat is native memory; committed growing while the heap stays flat is the GC's budget.
    /// </summary>
    public static string MemorySummary()
    {
        var gc = GC.GetGCMemoryInfo();
        return string.Create(CultureInfo.InvariantCulture,
            $"RSS {ResidentBytes() / 1048576} MiB (GC heap {gc.HeapSizeBytes / 1048576}, committed {gc.TotalCommittedBytes / 1048576}, fragmented {gc.FragmentedBytes / 1048576} MiB; {GC.CollectionCount(2)} gen2)");
    }

    public static TimeSpan CpuTime() => CurrentProcess(p => p.TotalProcessorTime);

    private static T CurrentProcess<T>(Func<Process, T> read)
    {
        using var process = Process.GetCurrentProcess();
        return read(process);
    }

    // /proc/self/status is what the kernel accounts; Process.WorkingSet64 is the fallback off Linux.
    private static long? ReadStatusKilobytes(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var number = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
