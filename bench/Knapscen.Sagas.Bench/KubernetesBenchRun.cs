using System.Globalization;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Kubelet;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// The Kubernetes mode: the orchestrator in process with the real Job launcher and watcher, as the RBAC-limited user,
/// on the local control plane; a kubelet that completes each pod at once, so what is measured is the orchestrator,
/// the API server and the Job controller. A warm-up, one pass of N onboardings, then the Jobs are deleted.
/// </summary>
internal static class KubernetesBenchRun
{
    public static async Task<KubernetesBenchReport> RunAsync(BenchOptions options, string command, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var root = RepositoryRoot.Find();
        var stack = await BenchStack.UpAsync(root, cancellationToken).ConfigureAwait(false);
        using var cluster = await BenchCluster.UpAsync(root, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"bench: database {stack.DatabaseName}, subject prefix {stack.SubjectPrefix}, namespace {BenchCluster.Namespace}, {BenchOrchestrator.WorkersOf(options)} intake workers");

        var recorder = new LaunchRecorder();
        var timings = new JobTimings();
        var report = await MeasureAsync(options, command, startedAt, stack, cluster, recorder, timings, cancellationToken).ConfigureAwait(false);

        Console.WriteLine($"Benchmark {report.StartedAt:yyyy-MM-dd HH:mm} UTC, `{report.Command}`, {report.Machine}");
        Console.WriteLine();
        Console.WriteLine(KubernetesReportTable.Format(report));
        var path = await ResultFile.WriteAsync(root, report.StartedAt, "kubernetes", report, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Result: {Path.GetRelativePath(root, path)} (database {stack.DatabaseName} kept for inspection; {(report.JobsDeleted ? "the run's Jobs deleted" : "the run's Jobs left, see above")})");
        return report;
    }

    private static async Task<KubernetesBenchReport> MeasureAsync(
        BenchOptions options,
        string command,
        DateTimeOffset startedAt,
        BenchStack stack,
        BenchCluster cluster,
        LaunchRecorder recorder,
        JobTimings timings,
        CancellationToken cancellationToken)
    {
        var host = await BenchOrchestrator.StartAsync(
            stack,
            options,
            configuration => Settings(configuration, cluster, options),
            services =>
            {
                services.Decorate<IStepLauncher>(launcher => new TimedStepLauncher(launcher, recorder, timings));
                services.Decorate<IStepResultPublisher>(publisher => new TimedResultPublisher(publisher, timings));
            },
            cancellationToken).ConfigureAwait(false);
        var names = new JetStreamNames(stack.SubjectPrefix);
        await using var connection = new NatsConnection(new NatsOpts { Url = stack.NatsUrl, Name = "knapscen-bench-publisher" });
        var jetStream = new NatsJSContext(connection);
        KubernetesBenchReport report;
        var jobsDeleted = false;
        try
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var onStopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.Cancel);
            var runToken = stopping.Token;
            await host.Services.GetRequiredService<CloudEventPublisher>().EnsureStreamsAsync(runToken).ConfigureAwait(false);
            await using var kubelet = new ProcessKubelet(cluster.Admin, BenchCluster.Namespace, new Dictionary<string, IReadOnlyList<string>>(), PodRuns.SucceedAtOnce);
            var runner = new PassRunner(new RegistrationPublisher(jetStream, names), new IntakeArrivals(jetStream, names), new SagaTables(stack.ConnectionString), recorder, stack.ConnectionString, options);
            if (options.Warmup > 0)
            {
                await runner.RunAsync("warmup", options.Warmup, null, runToken).ConfigureAwait(false);
            }

            timings.Clear();
            var pass = await runner.RunAsync("kubernetes", options.Onboardings, options.Rate, runToken).ConfigureAwait(false);
            var serverSeconds = await cluster.ServerCompletionSecondsAsync(runToken).ConfigureAwait(false);
            report = new KubernetesBenchReport
            {
                StartedAt = startedAt,
                Command = command.Trim(),
                Machine = MachineDescription.Current(),
                Database = stack.DatabaseName,
                SubjectPrefix = stack.SubjectPrefix,
                Namespace = BenchCluster.Namespace,
                Options = options,
                Pass = pass,
                Jobs = timings.Summarize(),
                ServerCreateToCompletionSeconds = Percentiles.Of(serverSeconds),
                PeakRssBytes = ProcessStats.PeakResidentBytes(),
                RepeatedLaunches = recorder.DuplicateLaunches,
            };
        }
        finally
        {
            using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await host.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }

            host.Dispose();
            jobsDeleted = await CleanUpAsync(cluster, jetStream, names).ConfigureAwait(false);
        }

        return report with { JobsDeleted = jobsDeleted };
    }

    // A failed clean-up must not cost the measurement: say what is left, and the next run deletes it first.
    /// <returns>Whether the run's Jobs are gone.</returns>
    private static async Task<bool> CleanUpAsync(BenchCluster cluster, INatsJSContext jetStream, JetStreamNames names)
    {
        var jobsDeleted = true;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            try
            {
                await cluster.DeleteJobsAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or k8s.Autorest.HttpOperationException or OperationCanceledException or InvalidOperationException)
            {
                jobsDeleted = false;
                Console.Error.WriteLine($"bench: could not delete the run's Jobs in {BenchCluster.Namespace} ({exception.Message}); the next run deletes them first");
            }
        }

        using var streamTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await BenchRun.DeleteStreamsAsync(jetStream, names, streamTimeout.Token).ConfigureAwait(false);
        return jobsDeleted;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Settings(IConfiguration configuration, BenchCluster cluster, BenchOptions options)
    {
        yield return new("Kubernetes:Enabled", "true");
        yield return new("Kubernetes:Kubeconfig", cluster.OrchestratorKubeconfig);
        yield return new("Kubernetes:DefaultNamespace", BenchCluster.Namespace);

        // The catalog places steps in default and knapscen-jobs; the benchmark keeps all of them in its own namespace.
        // A burst queues Jobs in the controller for longer than a step's own timeout: the run is bounded by
        // --timeout-seconds instead, or it would measure retries and compensations of steps that never failed.
        var timeout = options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        foreach (var step in configuration.GetSection("Steps").GetChildren())
        {
            yield return new($"Steps:{step.Key}:Namespace", BenchCluster.Namespace);
            yield return new($"Steps:{step.Key}:TimeoutSeconds", timeout);
        }
    }
}
