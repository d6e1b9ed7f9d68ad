using System.Diagnostics;
using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Console;

/// <summary>deploy/alerts: valid for promtool, their unit tests pass, and every metric they read is one serve exports.</summary>
[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed partial class When_the_alert_rules_are_checked(ConsoleServe console)
{
    private static readonly string AlertsDirectory = Path.Combine(Stack.RepositoryRoot, "deploy", "alerts");

    [Fact]
    public async Task Should_pass_promtool_check_and_its_unit_tests()
    {
        await PromtoolAsync("check", "rules", "knapscen-alerts.yaml");
        await PromtoolAsync("test", "rules", "knapscen-alerts.test.yaml");
    }

    [Fact]
    public async Task Should_read_only_metrics_that_a_real_serve_exports()
    {
        // What the rules need to see exported at least once: a saga in NeedsAttention and a dead letter.
        await console.NeedsAttentionSagasAsync(1, "Alerting");
        await console.Serve.Publisher.PublishRawAsync("customer-registered", "not a cloud event"u8.ToArray());

        var expressions = (await File.ReadAllLinesAsync(Path.Combine(AlertsDirectory, "knapscen-alerts.yaml")))
            .Where(line => line.TrimStart().StartsWith("expr:", StringComparison.Ordinal));
        var used = expressions.SelectMany(line => MetricName().Matches(line).Select(match => match.Value)).Distinct().ToList();
        Assert.Contains("knapscen_sagas_stuck", used);
        await Eventually.TrueAsync(
            async () =>
            {
                var exported = (await console.Serve.ScrapeAsync()).Samples.Select(sample => sample.Name).ToHashSet();
                return used.All(exported.Contains);
            },
            TimeSpan.FromSeconds(60),
            $"serve's /metrics exporting every metric the alert rules read ({string.Join(", ", used)})");
    }

    private static async Task PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = AlertsDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"promtool {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await errors}");
    }

    [GeneratedRegex(@"\bknapscen_[a-z_]+\b")]
    private static partial Regex MetricName();
}
