using Knapscen.Sagas.Bench;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var command = "scripts/bench.sh " + string.Join(' ', args);
    if (options.Mode == BenchMode.Kubernetes)
    {
        var kubernetes = await KubernetesBenchRun.RunAsync(options, command, cancel.Token).ConfigureAwait(false);
        return kubernetes.Pass.TimedOut ? 1 : 0;
    }

    var report = await BenchRun.RunAsync(options, command, cancel.Token).ConfigureAwait(false);
    if (report.NotCompleted > 0 || report.DuplicateLaunches > 0)
    {
        // Lost work or a step launched twice is a failure of the orchestrator, whatever the numbers say.
        Console.Error.WriteLine($"bench: FAILED: {report.NotCompleted} onboarding(s) not Completed, {report.DuplicateLaunches} launch id(s) repeated");
        return 1;
    }

    return report.MaxRate.TimedOut || report.HalfRate is { TimedOut: true } || report.Paced is { TimedOut: true } ? 1 : 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("bench: stopped before the end; no result written");
    return 130;
}
