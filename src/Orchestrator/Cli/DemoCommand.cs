using System.CommandLine;
using System.Diagnostics;
using Knapscen.Sagas.Orchestrator.Demo;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class DemoCommand
{
    public static Command Create()
    {
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the saga to finish.", DefaultValueFactory = _ => 180 };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError("--timeout must be between 1 and 3600 seconds");
            }
        });
        var failStep = new Option<string?>("--fail-step")
        {
            Description = "Make every attempt of this step fail (e.g. create-touchpoints), to watch retries and compensation.",
        };
        var command = new Command(
            "demo",
            "Start the orchestrator in-process on a fresh database, publish the sample customer and follow its saga to the end.")
        {
            timeout,
            failStep,
        };
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(TimeSpan.FromSeconds(parsed.GetValue(timeout)), parsed.GetValue(failStep), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TimeSpan timeout, string? failStep, CancellationToken cancellationToken)
    {
        var builder = OrchestratorHost.CreateBuilder([]);
        var demo = await DemoDatabase.CreateAsync(DatabaseSettings.From(builder.Configuration).ConnectionString, cancellationToken).ConfigureAwait(false);
        var outbox = Path.Combine(Path.GetTempPath(), "knapscen-demo", demo.Name, "outbox");
        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = demo.ConnectionString,
            ["LocalLauncher:Secrets:knapscen-config:EMAIL_OUTBOX_DIR"] = outbox,
        };
        if (failStep is not null)
        {
            if (!builder.Configuration.GetSection($"Steps:{failStep}").Exists())
            {
                var known = string.Join(", ", builder.Configuration.GetSection("Steps").GetChildren().Select(step => step.Key));
                throw new OperatorException($"--fail-step: there is no step '{failStep}'; the catalog has {known}");
            }

            settings[$"Steps:{failStep}:Command:0"] = "/bin/sh";
            settings[$"Steps:{failStep}:Command:1"] = "-c";
            settings[$"Steps:{failStep}:Command:2"] = "echo 'demo: this step was told to fail' >&2; exit 1";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        // Progress on standard output, the orchestrator's log lines on standard error: scripts/demo.sh sends those to a file.
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddOrchestrator();
        using var host = builder.Build();
        Console.WriteLine($"Demo database: {demo.Name}; welcome e-mails go to {outbox}");
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            var published = await PublishCommand.PublishAsync(SampleEvents.CustomerRegistered(), binaryMode: false, cancellationToken).ConfigureAwait(false);
            var sagaId = Guid.Parse(published.Subject!);
            Console.WriteLine($"Published customer-registered {published.Id}: saga {sagaId}");

            var reader = new SagaReader(demo.ConnectionString);
            var final = await SagaFollower.FollowAsync(reader, sagaId, clock, timeout, cancellationToken).ConfigureAwait(false);
            await DemoSummary.PrintAsync(reader, sagaId, final, clock.Elapsed, outbox, cancellationToken).ConfigureAwait(false);
            DemoNextSteps.Print(demo.Name, sagaId);
            var expected = failStep is null ? "Completed" : "Compensated";
            return final.State == expected ? KnapscenCli.Success : KnapscenCli.Failed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
