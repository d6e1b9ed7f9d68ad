using System.Diagnostics;
using System.Globalization;

namespace Knapscen.Sagas.Bench;

/// <summary>One pass: publish N registrations, wait until every saga is final, and measure what it took.</summary>
internal sealed class PassRunner(RegistrationPublisher publisher, IntakeArrivals arrivals, SagaTables tables, LaunchRecorder launches, string connectionString, BenchOptions options)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<PassResult> RunAsync(string name, int count, double? rate, CancellationToken cancellationToken)
    {
        var runTag = name + "-" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var events = Enumerable.Range(0, count).Select(i => RegistrationEvents.Create(runTag, i)).ToArray();
        var publishedAt = new long[count];
        var storedSequence = new ulong[count];
        launches.BeginPass([.. events.Select(e => e.SagaId)]);

        var finishedBefore = await tables.CountFinishedAsync(cancellationToken).ConfigureAwait(false);
        var processedBefore = await tables.CountProcessedEventsAsync(cancellationToken).ConfigureAwait(false);
        var historyBefore = await tables.CountHistoryRowsAsync(cancellationToken).ConfigureAwait(false);
        var serverBefore = await ServerCounters.ReadAsync(connectionString, cancellationToken).ConfigureAwait(false);
        var cpuBefore = ProcessStats.CpuTime();
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var gcPausedBefore = GC.GetTotalPauseDuration();
        var gcCountBefore = GC.CollectionCount(0);
        var serverCpuBefore = StackServerCpu.Database.Read();
        var natsCpuBefore = StackServerCpu.Nats.Read();
        var machineBefore = MachineCpu.Read();
        // One wall-clock anchor turns Stopwatch publish times into UTC, comparable with the saga's finished_at.
        var anchorWall = DateTime.UtcNow;
        var anchorTicks = Stopwatch.GetTimestamp();

        var publishing = publisher.PublishAsync(events, publishedAt, storedSequence, rate, options.PublishWindow, cancellationToken);
        var publishSeconds = double.NaN;
        long rssAt10 = 0;
        long rssAt50 = 0;
        long rssAt100 = 0;
        var timedOut = false;
        var lastProgress = Stopwatch.GetTimestamp();
        while (true)
        {
            var finished = await tables.CountFinishedAsync(cancellationToken).ConfigureAwait(false) - finishedBefore;
            if (publishing.IsCompleted && double.IsNaN(publishSeconds))
            {
                await publishing.ConfigureAwait(false);
                publishSeconds = Stopwatch.GetElapsedTime(anchorTicks).TotalSeconds;
            }

            if (rssAt10 == 0 && finished * 10 >= count)
            {
                rssAt10 = ProcessStats.ResidentBytes();
            }

            if (rssAt50 == 0 && finished * 2 >= count)
            {
                rssAt50 = ProcessStats.ResidentBytes();
            }

            if (finished >= count)
            {
                rssAt100 = ProcessStats.ResidentBytes();
                break;
            }

            if (Stopwatch.GetElapsedTime(anchorTicks) > TimeSpan.FromSeconds(options.TimeoutSeconds))
            {
                timedOut = true;
                rssAt100 = ProcessStats.ResidentBytes();
                break;
            }

            if (Stopwatch.GetElapsedTime(lastProgress) >= TimeSpan.FromSeconds(1))
            {
                lastProgress = Stopwatch.GetTimestamp();
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{name} {Stopwatch.GetElapsedTime(anchorTicks).TotalSeconds,6:F1}s] published {publishedAt.Count(t => t != 0)}/{count}, first steps launched {Enumerable.Range(0, count).Count(i => launches.TryGetFirstLaunch(i, out _))}, final {finished}/{count}, {ProcessStats.MemorySummary()}"));
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        if (double.IsNaN(publishSeconds))
        {
            await publishing.ConfigureAwait(false);
            publishSeconds = Stopwatch.GetElapsedTime(anchorTicks).TotalSeconds;
        }

        var cpu = ProcessStats.CpuTime() - cpuBefore;
        var jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
        var gcPaused = GC.GetTotalPauseDuration() - gcPausedBefore;
        var collections = GC.CollectionCount(0) - gcCountBefore;
        var serverCpuAfter = StackServerCpu.Database.Read();
        var natsCpuAfter = StackServerCpu.Nats.Read();
        var (machineBusy, machineSteal) = MachineCpu.SharesSince(machineBefore);
        var server = (await ServerCounters.ReadAsync(connectionString, cancellationToken).ConfigureAwait(false)).Minus(serverBefore);
        var transitions = await tables.CountProcessedEventsAsync(cancellationToken).ConfigureAwait(false) - processedBefore;
        var historyRows = await tables.CountHistoryRowsAsync(cancellationToken).ConfigureAwait(false) - historyBefore;
        var sagas = await tables.ReadSagasAsync(cancellationToken).ConfigureAwait(false);
        var storedAt = await arrivals.ReadStoredAtAsync(storedSequence, cancellationToken).ConfigureAwait(false);

        var firstPublishWall = anchorWall + Stopwatch.GetElapsedTime(anchorTicks, publishedAt[0]);
        var launchLatencies = new List<double>(count);
        var arrivalLatencies = new List<double>(count);
        var completionLatencies = new List<double>(count);
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastFinished = firstPublishWall;
        for (var i = 0; i < count; i++)
        {
            var sagaId = events[i].SagaId;
            if (launches.TryGetFirstLaunch(i, out var launchedAt))
            {
                launchLatencies.Add(Stopwatch.GetElapsedTime(publishedAt[i], launchedAt).TotalMilliseconds);
                if (storedAt[i] != default)
                {
                    var launchedWall = anchorWall + Stopwatch.GetElapsedTime(anchorTicks, launchedAt);
                    arrivalLatencies.Add((launchedWall - storedAt[i].UtcDateTime).TotalMilliseconds);
                }
            }

            var state = sagas.TryGetValue(sagaId, out var saga) ? saga.State : "(no saga row)";
            states[state] = states.GetValueOrDefault(state) + 1;
            if (saga.FinishedAtUtc is { } finishedAt)
            {
                var publishedWall = anchorWall + Stopwatch.GetElapsedTime(anchorTicks, publishedAt[i]);
                completionLatencies.Add((finishedAt - publishedWall).TotalMilliseconds);
                lastFinished = finishedAt > lastFinished ? finishedAt : lastFinished;
            }
        }

        var seconds = Math.Max((lastFinished - firstPublishWall).TotalSeconds, 1e-3);
        return new PassResult
        {
            Name = name,
            Onboardings = count,
            RequestedRate = rate,
            PublishSeconds = publishSeconds,
            Seconds = seconds,
            OnboardingsPerSecond = completionLatencies.Count / seconds,
            Transitions = transitions,
            TransitionsPerSecond = transitions / seconds,
            HistoryRows = historyRows,
            ComCommitPerOnboarding = (double)server.ComCommit / count,
            EventsPerTransaction = server.ComCommit == 0 ? double.NaN : (double)transitions / server.ComCommit,
            HandlerCommitPerOnboarding = (double)server.HandlerCommit / count,
            ComRollbacks = server.ComRollback,
            StatementsPerTransition = transitions == 0 ? double.NaN : (double)server.Questions / transitions,
            RowLockWaits = server.RowLockWaits,
            CpuMsPerTransition = transitions == 0 ? double.NaN : cpu.TotalMilliseconds / transitions,
            PublishedToFirstLaunchMs = Percentiles.Of(launchLatencies),
            StoredToFirstLaunchMs = Percentiles.Of(arrivalLatencies),
            PublishedToCompletedMs = Percentiles.Of(completionLatencies),
            CpuSecondsPerOnboarding = cpu.TotalSeconds / count,
            JitSeconds = jit.TotalSeconds,
            GcPauseMs = gcPaused.TotalMilliseconds,
            GcCollections = collections,
            ServerCpuMsPerTransition = StackServerCpu.MsPer(serverCpuBefore, serverCpuAfter, transitions),
            NatsCpuMsPerTransition = StackServerCpu.MsPer(natsCpuBefore, natsCpuAfter, transitions),
            MachineBusyShare = machineBusy,
            MachineStealShare = machineSteal,
            RssBytesAt10Percent = rssAt10,
            RssBytesAt50Percent = rssAt50,
            RssBytesAt100Percent = rssAt100,
            States = states,
            TimedOut = timedOut,
        };
    }
}
