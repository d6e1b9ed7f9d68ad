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
    var report = await BenchRun.RunAsync(options, "scripts/bench.sh " + string.Join(' ', args), cancel.Token).ConfigureAwait(false);
    return report.MaxRate.TimedOut || report.HalfRate is { TimedOut: true } ? 1 : 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("bench: stopped before the end; no result written");
    return 130;
}
