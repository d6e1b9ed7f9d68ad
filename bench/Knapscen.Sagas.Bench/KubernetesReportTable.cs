using System.Globalization;
using System.Text;

namespace Knapscen.Sagas.Bench;

/// <summary>The Kubernetes mode's result as a Markdown table, ready to paste into docs/benchmark.md.</summary>
internal static class KubernetesReportTable
{
    public static string Format(KubernetesBenchReport report)
    {
        var pass = report.Pass;
        var jobs = report.Jobs;
        var text = new StringBuilder();
        void Row(string metric, string value) => text.Append(CultureInfo.InvariantCulture, $"| {metric} | {value} |\n");

        text.Append(CultureInfo.InvariantCulture, $"| metric | {(pass.RequestedRate is { } rate ? ReportTable.F(rate, 1) + "/s" : "unpaced")} |\n");
        text.Append("| --- | ---: |\n");
        Row("onboardings (final / all)", $"{pass.States.GetValueOrDefault("Completed")} Completed / {pass.Onboardings}{(pass.TimedOut ? " TIMED OUT" : "")}");
        Row("onboardings/s", ReportTable.F(pass.OnboardingsPerSecond, 2));
        Row("saga transitions/s", ReportTable.F(pass.TransitionsPerSecond, 0));
        Row("Jobs created", $"{jobs.Created} ({ReportTable.F((double)jobs.Created / pass.Onboardings, 2)}/onboarding), repeated launches (409) {report.RepeatedLaunches}");
        Row("Job launches/s (create requests, first to last)", $"{ReportTable.F(jobs.CreatesPerSecond, 1)} over {ReportTable.F(jobs.FirstToLastCreateSeconds, 1)} s");
        Row($"Job launches/s sustained (busiest {ReportTable.F(JobTimings.SustainedWindow.TotalSeconds, 0)} s)", ReportTable.F(jobs.BusiestWindowCreatesPerSecond, 1));
        Row("Job create request p50/p95/p99 ms", ReportTable.Ms(jobs.CreateRequestMs));
        Row("Job create → Complete observed p50/p95/p99 ms", $"{ReportTable.Ms(jobs.CreateToCompleteObservedMs)}{(jobs.NeverSeenComplete > 0 ? $" ({jobs.NeverSeenComplete} never seen)" : "")}");
        Row("of which on the server: Job created → completionTime p50/p95/p99 s (1 s resolution)", Seconds(report.ServerCreateToCompletionSeconds));
        Row("published → first Job created p50/p95/p99 ms", ReportTable.Ms(pass.PublishedToFirstLaunchMs));
        Row("stored in NATS (arrival) → first Job created p50/p95/p99 ms", ReportTable.Ms(pass.StoredToFirstLaunchMs) + ReportTable.Measured(pass.StoredToFirstLaunchMs, pass.Onboardings));
        Row("published → saga completed p50/p95/p99 ms", ReportTable.Ms(pass.PublishedToCompletedMs));
        // Per onboarding would mostly spread the idle cost of a long pass (polling, timers) over few onboardings.
        var cpuSeconds = pass.CpuSecondsPerOnboarding * pass.Onboardings;
        Row("process CPU (orchestrator, kubelet, publisher, poller)", $"{ReportTable.F(cpuSeconds, 1)} s in {ReportTable.F(pass.Seconds, 1)} s ({ReportTable.F(100 * cpuSeconds / pass.Seconds, 0)}% of one core)");
        Row("RSS at 10% / 100% of N; peak", $"{ReportTable.Mib(pass.RssBytesAt10Percent)} / {ReportTable.Mib(pass.RssBytesAt100Percent)} MiB; {ReportTable.Mib(report.PeakRssBytes)} MiB");
        return text.ToString();
    }

    private static string Seconds(Percentiles p) => $"{ReportTable.F(p.P50, 0)} / {ReportTable.F(p.P95, 0)} / {ReportTable.F(p.P99, 0)}";
}
