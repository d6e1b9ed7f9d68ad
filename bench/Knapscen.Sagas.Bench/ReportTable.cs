using System.Globalization;
using System.Text;

namespace Knapscen.Sagas.Bench;

/// <summary>The result as a Markdown table, ready to paste into docs/benchmark.md.</summary>
internal static class ReportTable
{
    public static string Format(BenchReport report)
    {
        var passes = new List<(string Title, PassResult Pass)> { ("max rate", report.MaxRate) };
        if (report.HalfRate is { } half)
        {
            passes.Add(("half rate", half));
        }

        if (report.Paced is { } paced)
        {
            passes.Add(("paced at 80%", paced));
        }

        var text = new StringBuilder();
        void Row(string metric, Func<PassResult, string> value, string target = "") =>
            text.Append(CultureInfo.InvariantCulture, $"| {metric} | {string.Join(" | ", passes.Select(p => value(p.Pass)))} | {target} |\n");

        text.Append(CultureInfo.InvariantCulture, $"| metric | {string.Join(" | ", passes.Select(p => $"{p.Title} ({Rate(p.Pass)})"))} | target |\n");
        text.Append(CultureInfo.InvariantCulture, $"| --- |{string.Concat(passes.Select(_ => " ---: |"))} --- |\n");
        Row("onboardings (final / all)", p => $"{p.States.GetValueOrDefault("Completed")} Completed / {p.Onboardings}{(p.TimedOut ? " TIMED OUT" : "")}");
        Row("onboardings/s", p => F(p.OnboardingsPerSecond, 1));
        Row("saga transitions (processed_events rows)", p => $"{p.Transitions} ({F((double)p.Transitions / p.Onboardings, 2)}/onboarding)");
        Row("saga transitions/s", p => F(p.TransitionsPerSecond, 0));
        Row("transitions/s ÷ baseline tx/s", p => F(p.TransitionsPerSecond / report.Baseline.TransactionsPerSecond, 2), "≥ 0.60");
        Row("MySQL tx/onboarding (Com_commit Δ ÷ N)", p => F(p.ComCommitPerOnboarding, 2));
        Row("events per transaction (transitions ÷ Com_commit Δ)", p => F(p.EventsPerTransaction, 2));
        Row("Handler_commit Δ ÷ N (incl. autocommit reads)", p => F(p.HandlerCommitPerOnboarding, 2));
        Row("Com_rollback Δ / InnoDB row-lock waits Δ", p => $"{p.ComRollbacks} / {p.RowLockWaits}");
        Row("client statements per transition (Questions Δ)", p => F(p.StatementsPerTransition, 1));
        Row("published → first step launched p50/p95/p99 ms", p => Ms(p.PublishedToFirstLaunchMs), "p99 < 10 ms at half rate, < 100 ms paced at 80%");
        Row("stored in NATS (arrival) → first step launched p50/p95/p99 ms", p => Ms(p.StoredToFirstLaunchMs) + Measured(p.StoredToFirstLaunchMs, p.Onboardings), "p99 < 20 ms (the design target)");
        Row("published → saga completed p50/p95/p99 ms", p => Ms(p.PublishedToCompletedMs));
        Row("CPU per onboarding / per transition (whole process)", p => $"{F(p.CpuSecondsPerOnboarding * 1000, 1)} / {F(p.CpuMsPerTransition, 2)} ms");
        Row("of which JIT compiling (s in the pass)", p => F(p.JitSeconds, 2));
        Row("GC pauses in the pass (collections / total ms)", p => string.Create(CultureInfo.InvariantCulture, $"{p.GcCollections} / {F(p.GcPauseMs, 0)}"));
        Row("database server CPU per transition (the stack's MariaDB)", p => $"{F(p.ServerCpuMsPerTransition, 2)} ms");
        Row("NATS server CPU per transition (the stack's nats-server)", p => $"{F(p.NatsCpuMsPerTransition, 2)} ms");
        Row("machine CPU busy, all cores and processes (steal)", p => $"{Percent(p.MachineBusyShare)} ({Percent(p.MachineStealShare)})");
        Row("RSS at 10% / 50% / 100% of N", p => $"{Mib(p.RssBytesAt10Percent)} / {Mib(p.RssBytesAt50Percent)} / {Mib(p.RssBytesAt100Percent)} MiB", "100% within 10% of 10%");
        var baseline = report.Baseline;
        text.Append(CultureInfo.InvariantCulture,
            $"\nBaseline (raw MySqlConnector SELECT … FOR UPDATE + UPDATE, {baseline.Writers} writers, {baseline.Rows} saga-shaped rows, {F(baseline.Seconds, 1)} s): " +
            $"**{F(baseline.TransactionsPerSecond, 0)} tx/s**, client CPU {F(baseline.CpuMsPerTransaction, 2)} ms/tx, server CPU {F(baseline.ServerCpuMsPerTransaction, 2)} ms/tx " +
            $"(Com_commit Δ per baseline tx {F(baseline.ComCommitPerTransaction, 2)}: above 1.00 means other load on the server).\n");
        if (report.TransportFloor is { } floor)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"NATS alone at the half-rate pass's message rate ({F(floor.MessagesPerSecond, 0)}/s evenly spaced for {F(floor.Seconds, 0)} s, a file-backed stream, " +
                $"a plain consumer acking each, the orchestrator idle): publish → delivered p50/p95/p99 **{Ms(floor.Latency)} ms**.\n");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"Peak RSS (VmHWM) {Mib(report.PeakRssBytes)} MiB; step launches {report.StepLaunches}, repeated launch ids {report.DuplicateLaunches}, lost result publishes {report.FailedResultPublishes}.\n");
        return text.ToString();
    }

    private static string Rate(PassResult pass) => pass.RequestedRate is { } rate ? F(rate, 1) + "/s" : "unpaced";

    internal static string Ms(Percentiles p) => $"{F(p.P50, 1)} / {F(p.P95, 1)} / {F(p.P99, 1)}";

    // The intake stream may have trimmed a long pass's early events before their arrival was read.
    internal static string Measured(Percentiles p, int of) => p.Count < of ? $" ({p.Count} of {of} measured)" : "";

    private static string Percent(double share) => double.IsNaN(share) ? "n/a" : F(share * 100, 0) + "%";

    internal static string Mib(long bytes) => F(bytes / 1048576.0, 0);

    internal static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
