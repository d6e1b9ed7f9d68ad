using System.Globalization;
using k8s;
using System.Text.RegularExpressions;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;
using Xunit.Abstractions;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// Two replicas of <c>knapscen serve</c> with the Kubernetes launcher, as the deploy runs them: both watchers report
/// every finished Job, under the same message id, so JetStream keeps one and the second publish is answered
/// "duplicate", which is success. A replica restarted while the Jobs are still there reports them all again, and
/// nothing runs twice.
/// </summary>
[Trait("Tier", "e2e")]
[Collection(KubeCollection.Name)]
public sealed partial class When_two_orchestrators_watch_the_same_jobs(KubeFixture fixture, ITestOutputHelper output)
{
    private const int Onboardings = 50;
    private const int JobsPerOnboarding = 10;

    [Fact]
    public async Task Should_apply_every_jobs_result_once_and_rerun_nothing_after_a_restart()
    {
        await using var publisher = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await publisher.ProcessEnvironmentAsync(fixture.OrchestratorSettings(_ => "knapscen.test/succeed:1"));
        var first = OrchestratorProcess.Start(environment, "serve");
        await using var second = OrchestratorProcess.Start(environment, "serve");
        OrchestratorProcess? restarted = null;
        IReadOnlyList<Guid> sagaIds = [];
        try
        {
            sagaIds = await publisher.PublishOnboardingsAsync(Onboardings);
            var sagas = await SagaLedger.FinishedAsync(publisher.ConnectionString, sagaIds, TimeSpan.FromMinutes(8));

            Assert.All(sagas, saga => Assert.Equal("Completed", saga.State));
            Assert.All(sagas, saga => Assert.All(saga.Steps, run => Assert.Equal(1, run.Attempt)));
            var ours = new HashSet<string>(sagaIds.Select(id => id.ToString("N")), StringComparer.Ordinal);
            var jobs = await OurJobsAsync(ours);
            Assert.Equal(Onboardings * JobsPerOnboarding, jobs.Count);
            var before = await LedgerAsync(publisher);
            Assert.Equal((jobs.Count, jobs.Count), (before.History, before.Results));

            // Both watchers saw every Job finish and reported it; the inbox holds each result once.
            var firstReports = ReportedJobs(first, ours);
            var secondReports = ReportedJobs(second, ours);
            output.WriteLine($"reports: first {firstReports.Count}, second {secondReports.Count}, of {jobs.Count} Jobs");
            Assert.Equal(jobs.Count, firstReports.Union(secondReports).Count());
            Assert.NotEmpty(firstReports.Intersect(secondReports));

            // A replica restarted within the duplicate window lists every finished Job and reports it again.
            await first.KillAsync();
            restarted = OrchestratorProcess.Start(environment, "serve");
            await Eventually.TrueAsync(
                () => Task.FromResult(ReportedJobs(restarted, ours).Count == jobs.Count),
                TimeSpan.FromMinutes(3),
                "the restarted orchestrator reporting every finished Job again");

            Assert.Equal(before, await LedgerAsync(publisher));
            Assert.Equal(jobs.Count, (await OurJobsAsync(ours)).Count);
            foreach (var process in new[] { first, second, restarted })
            {
                // A duplicate answer is success: no retried publish, no re-list for a result "not published".
                Assert.DoesNotContain(process.Output, line => line.Contains("Publishing the result of Job", StringComparison.Ordinal)
                    || line.Contains(nameof(ResultNotPublishedException), StringComparison.Ordinal));
            }
        }
        finally
        {
            await first.DisposeAsync();
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            await fixture.DeleteJobsAsync([.. sagaIds]);
        }
    }

    private async Task<List<string>> OurJobsAsync(HashSet<string> sagaIds) =>
        [.. (await fixture.Admin.BatchV1.ListNamespacedJobAsync(KubeFixture.Namespace, labelSelector: JobLabels.ManagedSelector)).Items
            .Select(job => job.Metadata.Name)
            .Where(name => sagaIds.Contains(name[^32..]))];

    /// <summary>The launch ids of this test's Jobs whose result the process reported (its "Job … finished" lines).</summary>
    private static HashSet<string> ReportedJobs(OrchestratorProcess process, HashSet<string> sagaIds) =>
        [.. process.Output
            .Select(line => FinishedLine().Match(line))
            .Where(match => match.Success && sagaIds.Contains(match.Groups["saga"].Value))
            .Select(match => match.Groups["launch"].Value)];

    /// <summary>Step history rows, applied step results (the inbox), the sagas' versions.</summary>
    private static async Task<(long History, long Results, long Versions)> LedgerAsync(TestOrchestrator publisher)
    {
        await using var connection = new MySqlConnection(publisher.ConnectionString);
        await connection.OpenAsync();
        async Task<long> CountAsync(string sql)
        {
            await using var command = new MySqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        return (
            await CountAsync("SELECT COUNT(*) FROM saga_step_history"),
            await CountAsync("SELECT COUNT(*) FROM processed_events WHERE event_type LIKE 'io.knapscen.sagas.step.%'"),
            await CountAsync("SELECT COALESCE(SUM(version), 0) FROM onboarding_sagas"));
    }

    [GeneratedRegex(@"Job (?<launch>[a-z0-9-]+-(?<saga>[0-9a-f]{32})) finished: succeeded=")]
    private static partial Regex FinishedLine();
}
