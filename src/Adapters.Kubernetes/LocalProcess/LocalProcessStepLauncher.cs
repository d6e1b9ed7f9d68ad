using System.Collections.Concurrent;
using System.ComponentModel;
using Knapscen.Sagas.Adapters.Kubernetes.Jobs;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;

/// <summary>
/// The default launcher: each attempt is a local process. Duplicate launch ids are answered from memory (see
/// <see cref="LaunchRegistry"/>); results go out through <see cref="IStepResultPublisher"/> when the process ends.
/// </summary>
internal sealed partial class LocalProcessStepLauncher : IStepLauncher, IStepCanceller, IAsyncDisposable
{
    /// <summary>Six tries over about six seconds: a broker restart is survived, a dead one ends in the step's deadline.</summary>
    private const int PublishAttempts = 6;

    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    private readonly LocalProcessLauncherOptions options;
    private readonly IOptions<StepCatalogOptions> catalog;
    private readonly IStepResultPublisher publisher;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly LaunchRegistry registry;
    private readonly ApiRetry publishRetry;
    private readonly LocalCommandResolver commands;
    private readonly ConcurrentDictionary<string, RunningLaunch> running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource abort = new();
    private readonly Lock gate = new();
    private bool stopping;
    private Task? stopped;

    public LocalProcessStepLauncher(
        IOptions<LocalProcessLauncherOptions> options,
        IOptions<StepCatalogOptions> catalog,
        IStepResultPublisher publisher,
        ILogger<LocalProcessStepLauncher> logger,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.catalog = catalog;
        this.publisher = publisher;
        this.logger = logger;
        this.time = time;
        publishRetry = new ApiRetry(PublishAttempts, time);
        registry = new LaunchRegistry(this.options.RememberedLaunches, TimeSpan.FromMinutes(this.options.RememberMinutes), time);
        commands = new LocalCommandResolver(this.options, () => SelfCommand.Current);
    }

    public string Name => "local-process";

    public Task<StepLaunchOutcome> LaunchAsync(StepLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsDns1123Label(request.LaunchId))
        {
            // It names the log file too: anything else could escape the log folder.
            throw new ArgumentException($"Launch id '{request.LaunchId}' is not a DNS-1123 label.", nameof(request));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RunningLaunch launch;
        lock (gate)
        {
            if (stopping)
            {
                throw new InvalidOperationException("The local process launcher is shutting down and takes no new launches.");
            }

            if (!registry.TryBegin(request.LaunchId))
            {
                LogDuplicate(logger, request.LaunchId);
                return Task.FromResult(StepLaunchOutcome.AlreadyLaunched);
            }

            launch = new RunningLaunch(request.SagaId, new CancellationTokenSource(), done.Task);
            running[request.LaunchId] = launch;
        }

        // Started here, not in the background, so Launched means a process exists (or its failure is on its way).
        var process = TryStart(request, out var startError);
        _ = Task.Run(() => FollowAsync(request, process, startError, launch.Cancel, done));
        return Task.FromResult(StepLaunchOutcome.Launched);
    }

    /// <summary>Stops taking launches, then waits (bounded) for running attempts to finish and report; kills what is left.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            stopping = true;
            stopped ??= DrainAsync([.. running.Values.Select(launch => launch.Done)], cancellationToken);
            return stopped;
        }
    }

    /// <summary>Kills the saga's running processes and waits (bounded) for them to end; their results are not published.</summary>
    public async Task<int> CancelSagaJobsAsync(Guid sagaId, CancellationToken cancellationToken)
    {
        var launches = running.Values.Where(launch => launch.SagaId == sagaId).ToArray();
        foreach (var launch in launches)
        {
            try
            {
                await launch.Cancel.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // It finished between the snapshot and now: nothing left to stop.
            }
        }

        try
        {
            await Task.WhenAll(launches.Select(launch => launch.Done)).WaitAsync(KillGrace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogAbandoned(logger);
        }

        LogSagaCancelled(logger, sagaId, launches.Length);
        return launches.Length;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        abort.Dispose();
    }

    private static bool IsDns1123Label(string value) =>
        value.Length is > 0 and <= 63
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && value[0] != '-'
        && value[^1] != '-';

    private async Task DrainAsync(Task[] pending, CancellationToken cancellationToken)
    {
        if (pending.Length == 0)
        {
            return;
        }

        LogWaiting(logger, pending.Length);
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds), time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // The sagas' deadlines notice the missing results and retry these steps after the restart.
            LogKillingAtShutdown(logger, pending.Count(task => !task.IsCompleted));
            await abort.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(pending).WaitAsync(KillGrace, time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogAbandoned(logger);
            }
        }
    }

    private StepProcess? TryStart(StepLaunchRequest request, out string? error)
    {
        error = null;
        var program = "";
        try
        {
            var argv = commands.Resolve(request, out error);
            if (argv is null || !TryGetSecrets(request.Step, out var secrets, out error))
            {
                return null;
            }

            program = argv[0];
            var environment = LocalStepEnvironment.Build(request, secrets, Environment.GetEnvironmentVariable);
            var directory = options.ResolveLogDirectory();
            Directory.CreateDirectory(directory);
            var process = StepProcess.Start(argv, environment, Path.Combine(directory, request.LaunchId + ".log"), logger, request.LaunchId);
            LogStarted(logger, request.LaunchId, request.Step, process.Id, argv[0]);
            return process;
        }
        catch (Exception exception) when (exception is Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error = $"could not start '{program}': {exception.Message}";
            return null;
        }
    }

    private bool TryGetSecrets(string step, out List<IReadOnlyDictionary<string, string>> secrets, out string? error)
    {
        secrets = [];
        error = null;
        if (!catalog.Value.Steps.TryGetValue(step, out var definition))
        {
            return true;
        }

        foreach (var name in definition.EnvFrom)
        {
            if (!options.Secrets.TryGetValue(name, out var values))
            {
                // Kubernetes refuses to start a pod whose envFrom secret is missing; do the same rather than run half-configured.
                error = $"secret '{name}' is not configured for the local launcher (LocalLauncher:Secrets:{name})";
                return false;
            }

            secrets.Add(values);
        }

        return true;
    }

    private async Task FollowAsync(
        StepLaunchRequest request, StepProcess? process, string? startError, CancellationTokenSource cancel, TaskCompletionSource done)
    {
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort.Token, cancel.Token);
            StepProcessExit exit;
            if (process is null)
            {
                exit = StepProcessExit.Failure(startError ?? "could not start");
            }
            else
            {
                using (process)
                {
                    exit = await process.WaitAsync(request.Timeout, time, stop.Token).ConfigureAwait(false);
                }
            }

            if (cancel.IsCancellationRequested)
            {
                // The saga asked for the stop; like a deleted Job, a cancelled attempt has no result to report.
                LogCancelled(logger, request.LaunchId);
                return;
            }

            LogFinished(logger, request.LaunchId, exit.Succeeded, exit.Error);
            if (!abort.IsCancellationRequested)
            {
                await PublishAsync(request, exit).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // Nothing may escape a fire-and-forget task; the saga's deadline covers a result that never arrives.
            LogFollowFailed(logger, exception, request.LaunchId);
        }
        finally
        {
            registry.Finish(request.LaunchId);
            running.TryRemove(request.LaunchId, out _);
            cancel.Dispose();
            done.TrySetResult();
        }
    }

    private async Task PublishAsync(StepLaunchRequest request, StepProcessExit exit)
    {
        var result = new StepResult
        {
            SagaId = request.SagaId,
            Step = request.Step,
            UserIndex = request.UserIndex,
            Attempt = request.Attempt,
            LaunchId = request.LaunchId,
            Succeeded = exit.Succeeded,
            Error = exit.Error,
            TraceParent = request.TraceParent,
        };

        await publishRetry.RunAsync<bool>(
            async token =>
            {
                await publisher.PublishAsync(result, token).ConfigureAwait(false);
                return true;
            },
            // Any publish failure may pass (the broker restarting); only our own shutdown ends the tries early.
            (exception, token) => exception is not OperationCanceledException && !token.IsCancellationRequested,
            (exception, _) => LogPublishRetry(logger, exception, request.LaunchId),
            abort.Token).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started step {LaunchId} ({Step}) as process {ProcessId}: {Program}")]
    private static partial void LogStarted(ILogger logger, string launchId, string step, int processId, string program);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {LaunchId} finished: succeeded={Succeeded} {Error}")]
    private static partial void LogFinished(ILogger logger, string launchId, bool succeeded, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {LaunchId} was already launched by this process; not starting it again")]
    private static partial void LogDuplicate(ILogger logger, string launchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the result of step {LaunchId} failed; retrying")]
    private static partial void LogPublishRetry(ILogger logger, Exception exception, string launchId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step {LaunchId}: the result could not be reported; the saga's deadline will time the step out")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception, string launchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {LaunchId} was cancelled with its saga; its process was killed")]
    private static partial void LogCancelled(ILogger logger, string launchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {SagaId}: stopped {Count} running step process(es)")]
    private static partial void LogSagaCancelled(ILogger logger, Guid sagaId, int count);

    private sealed record RunningLaunch(Guid SagaId, CancellationTokenSource Cancel, Task Done);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} running step process(es) to finish")]
    private static partial void LogWaiting(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown wait expired: killing {Count} step process(es); their sagas will retry them")]
    private static partial void LogKillingAtShutdown(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Some step processes did not end after being killed; abandoning them")]
    private static partial void LogAbandoned(ILogger logger);
}
