using System.Globalization;

namespace Knapscen.Sagas.Bench;

/// <summary>Command-line settings of one benchmark run.</summary>
internal sealed record BenchOptions
{
    public BenchMode Mode { get; init; } = BenchMode.Instant;

    public int Onboardings { get; init; } = 1000;

    /// <summary>Registrations per second for the first pass; null publishes as fast as the window allows.</summary>
    public double? Rate { get; init; }

    /// <summary>Intake workers (Nats:Workers); null runs the orchestrator's own default, as an operator would.</summary>
    public int? Concurrency { get; init; }

    /// <summary>
    /// The baseline's writers: 16, where this machine's MariaDB reaches its best one-row transaction rate (2 and 4
    /// writers reached about half and two thirds of it), so the baseline is the database's rate, not the orchestrator's.
    /// </summary>
    public int BaselineWriters { get; init; } = 16;

    public int PublishWindow { get; init; } = 256;

    public int Warmup { get; init; } = 200;

    public int BaselineSeconds { get; init; } = 10;

    public bool HalfRatePass { get; init; } = true;

    public bool PacedPass { get; init; } = true;

    /// <summary>
    /// A check for scripts/test.sh: one small pass, a short baseline, no result file and the database dropped; the
    /// exit code says whether every onboarding completed with no launch id repeated.
    /// </summary>
    public bool Smoke { get; init; }

    public int TimeoutSeconds { get; init; } = 300;

    private static readonly HashSet<string> ValuedOptions = new(StringComparer.Ordinal)
    {
        "--mode", "--onboardings", "--rate", "--concurrency", "--baseline-writers", "--window", "--warmup", "--baseline-seconds", "--timeout-seconds",
    };

    public const string Usage =
        "usage: bench [--mode instant|kubernetes] [--onboardings N] [--rate PER_SECOND] [--concurrency WORKERS] [--window IN_FLIGHT] [--warmup N]\n" +
        "             [--baseline-seconds S] [--baseline-writers N] [--no-half-rate-pass] [--no-paced-pass] [--timeout-seconds S] [--smoke]";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-half-rate-pass")
            {
                options = options with { HalfRatePass = false };
                continue;
            }

            if (name == "--no-paced-pass")
            {
                options = options with { PacedPass = false };
                continue;
            }

            if (name == "--smoke")
            {
                options = options with { Smoke = true };
                continue;
            }

            if (!ValuedOptions.Contains(name))
            {
                throw new ArgumentException($"unknown option {name}");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = args[++i];
            given.Add(name);
            options = name switch
            {
                "--mode" => options with { Mode = ModeOf(value) },
                "--onboardings" => options with { Onboardings = Positive(name, value) },
                "--rate" => options with { Rate = PositiveDouble(name, value) },
                "--concurrency" => options with { Concurrency = Positive(name, value) },
                "--baseline-writers" => options with { BaselineWriters = Positive(name, value) },
                "--window" => options with { PublishWindow = Positive(name, value) },
                "--warmup" => options with { Warmup = NonNegative(name, value) },
                "--baseline-seconds" => options with { BaselineSeconds = Positive(name, value) },
                "--timeout-seconds" => options with { TimeoutSeconds = Positive(name, value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        if (options.Smoke && options.Mode != BenchMode.Instant)
        {
            throw new ArgumentException("--smoke runs the instant mode only");
        }

        if (options.Smoke)
        {
            options = options with
            {
                Onboardings = given.Contains("--onboardings") ? options.Onboardings : 300,
                Warmup = given.Contains("--warmup") ? options.Warmup : 0,
                BaselineSeconds = given.Contains("--baseline-seconds") ? options.BaselineSeconds : 1,
                TimeoutSeconds = given.Contains("--timeout-seconds") ? options.TimeoutSeconds : 120,
                HalfRatePass = false,
                PacedPass = false,
            };
        }

        // Each onboarding is about ten Jobs through a real control plane: the instant mode's sizes would take long.
        return options.Mode == BenchMode.Kubernetes
            ? options with
            {
                Onboardings = given.Contains("--onboardings") ? options.Onboardings : 100,
                Warmup = given.Contains("--warmup") ? options.Warmup : 5,
                TimeoutSeconds = given.Contains("--timeout-seconds") ? options.TimeoutSeconds : 900,
            }
            : options;
    }

    private static BenchMode ModeOf(string value) => value switch
    {
        "instant" => BenchMode.Instant,
        "kubernetes" => BenchMode.Kubernetes,
        _ => throw new ArgumentException($"--mode must be instant or kubernetes, not '{value}'"),
    };

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} must be zero or a positive integer, not '{value}'");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive number, not '{value}'");
}
