using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Bench;

/// <summary>
/// The whole run: stack, orchestrator in process, a warm-up, the max-rate pass, the raw-MySQL baseline, the
/// half-rate pass for latency, then the report.
/// </summary>
internal static class BenchRun
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, string command, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var root = RepositoryRoot.Find();
        var stack = await BenchStack.UpAsync(root, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"bench: database {stack.DatabaseName}, subject prefix {stack.SubjectPrefix}, {BenchOrchestrator.WorkersOf(options)} intake workers");

        var recorder = new LaunchRecorder();
        using var host = await BenchOrchestrator.StartInstantAsync(stack, options, recorder, cancellationToken).ConfigureAwait(false);
        // The host owns SIGTERM and Ctrl+C once started: when it stops, the passes must stop too, or the process
        // would keep polling a database nobody writes to any more.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var onStopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.Cancel);
        var runToken = stopping.Token;
        await host.Services.GetRequiredService<CloudEventPublisher>().EnsureStreamsAsync(runToken).ConfigureAwait(false);
        var names = new JetStreamNames(stack.SubjectPrefix);

        // An outside producer has a connection of its own; sharing the orchestrator's would make them queue together.
        await using var connection = new NatsConnection(new NatsOpts { Url = stack.NatsUrl, Name = "knapscen-bench-publisher" });
        var jetStream = new NatsJSContext(connection);
        var tables = new SagaTables(stack.ConnectionString);
        var runner = new PassRunner(new RegistrationPublisher(jetStream, names), new IntakeArrivals(jetStream, names), tables, recorder, stack.ConnectionString, options);

        await WarmUpAsync(runner, options, runToken).ConfigureAwait(false);

        var maxRate = await runner.RunAsync("max", options.Onboardings, options.Rate, runToken).ConfigureAwait(false);
        Console.Error.WriteLine($"bench: baseline, {options.BaselineWriters} writers for {options.BaselineSeconds} s");
        var baseline = await BaselineRun.RunAsync(stack.ConnectionString, options.BaselineWriters, TimeSpan.FromSeconds(options.BaselineSeconds), runToken)
            .ConfigureAwait(false);
        PassResult? halfRate = null;
        if (options.HalfRatePass && !maxRate.TimedOut)
        {
            halfRate = await runner.RunAsync("half", options.Onboardings, maxRate.OnboardingsPerSecond / 2, runToken).ConfigureAwait(false);
        }

        TransportFloorResult? transportFloor = null;
        if (halfRate is { TransitionsPerSecond: > 0 })
        {
            // One message per transition: the pass's registrations and its step results, each published once.
            Console.Error.WriteLine($"bench: NATS alone at the half-rate pass's {halfRate.TransitionsPerSecond:0} messages/s");
            transportFloor = await TransportFloorRun.RunAsync(
                stack.NatsUrl, names, halfRate.TransitionsPerSecond, options.PublishWindow, TimeSpan.FromSeconds(options.BaselineSeconds), runToken).ConfigureAwait(false);
        }

        PassResult? paced = null;
        if (options.PacedPass && !maxRate.TimedOut)
        {
            paced = await runner.RunAsync("paced", options.Onboardings, maxRate.OnboardingsPerSecond * 0.8, runToken).ConfigureAwait(false);
        }

        var report = new BenchReport
        {
            StartedAt = startedAt,
            Command = command.Trim(),
            Machine = MachineDescription.Current(),
            Database = stack.DatabaseName,
            SubjectPrefix = stack.SubjectPrefix,
            Options = options,
            MaxRate = maxRate,
            HalfRate = halfRate,
            Paced = paced,
            Baseline = baseline,
            TransportFloor = transportFloor,
            TransitionsToBaselineRatio = maxRate.TransitionsPerSecond / baseline.TransactionsPerSecond,
            PeakRssBytes = ProcessStats.PeakResidentBytes(),
            StepLaunches = recorder.Launches,
            DuplicateLaunches = recorder.DuplicateLaunches,
            FailedResultPublishes = recorder.FailedResultPublishes,
        };

        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await host.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }

        await DeleteStreamsAsync(jetStream, names, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Benchmark {report.StartedAt:yyyy-MM-dd HH:mm} UTC, `{report.Command}`, {report.Machine}");
        Console.WriteLine();
        Console.WriteLine(ReportTable.Format(report));
        if (options.Smoke)
        {
            // A check leaves nothing behind.
            await stack.DropDatabaseAsync(cancellationToken).ConfigureAwait(false);
            return report;
        }

        var path = await ResultFile.WriteAsync(root, report, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Result: {Path.GetRelativePath(root, path)} (database {stack.DatabaseName} kept for inspection)");
        return report;
    }

    private const double PacedWarmUpRate = 50;

    // The streams hold every event of the run; the database stays, it is small and worth a look.
    /// <summary>
    /// Warm-up rounds of <c>--warmup</c> onboardings until the JIT is quiet: JIT, connection pools and EF's model build
    /// would otherwise land in the measured passes, paced ones included. Tiered compilation goes on recompiling hot
    /// methods for a minute and more on a busy machine, so one fixed round measured part of that as the orchestrator's
    /// CPU.
    /// </summary>
    private static async Task WarmUpAsync(PassRunner runner, BenchOptions options, CancellationToken cancellationToken)
    {
        const int MaxRounds = 16;
        const double QuietJitShare = 0.05;
        var previousQuiet = false;
        for (var round = 1; options.Warmup > 0 && round <= MaxRounds; round++)
        {
            // Every other round is paced: a lone event takes its own transaction, not a group's, and that path must be
            // compiled before the paced passes measure its latency.
            double? rate = round % 2 == 0 ? PacedWarmUpRate : null;
            var warmup = await runner.RunAsync("warmup", options.Warmup, rate, cancellationToken).ConfigureAwait(false);
            var jitShare = warmup.JitSeconds / Math.Max(warmup.CpuSecondsPerOnboarding * warmup.Onboardings, 1e-3);
            Console.Error.WriteLine($"bench: warm-up round {round}: JIT {warmup.JitSeconds:0.00} s, {jitShare:P0} of the round's CPU");
            // Quiet in a paced round and in an unpaced one, one after the other.
            var quiet = jitShare < QuietJitShare;
            if (quiet && previousQuiet)
            {
                return;
            }

            previousQuiet = quiet;
        }
    }

    internal static async Task DeleteStreamsAsync(INatsJSContext jetStream, JetStreamNames names, CancellationToken cancellationToken)
    {
        foreach (var stream in new[] { names.IntakeStream, names.OutcomeStream, names.DeadLetterStream })
        {
            try
            {
                await jetStream.DeleteStreamAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
            }
        }
    }
}
