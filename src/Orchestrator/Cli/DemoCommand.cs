using System.CommandLine;
using System.Diagnostics;
using Knapscen.Sagas.Orchestrator.Demo;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class DemoCommand
{
    public static Command Create()
    {
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the saga to finish.", DefaultValueFactory = _ => 120 };
        var command = new Command("demo", "Start the orchestrator in-process, publish the sample customer and follow its saga to the end.") { timeout };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError("--timeout must be between 1 and 3600 seconds");
            }
        });
        command.SetAction((parsed, cancellationToken) => RunAsync(TimeSpan.FromSeconds(parsed.GetValue(timeout)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = OrchestratorHost.CreateBuilder([]).AddOrchestrator();
        var reader = new SagaReader(DatabaseSettings.From(builder.Configuration).ConnectionString);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            var published = await PublishCommand.PublishAsync(SampleEvents.CustomerRegistered(), binaryMode: false, cancellationToken).ConfigureAwait(false);
            var sagaId = Guid.Parse(published.Subject!);
            Console.WriteLine($"Published customer-registered {published.Id}: saga {sagaId}");

            var final = await FollowAsync(reader, sagaId, clock, timeout, cancellationToken).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"Saga {sagaId} finished as {final.State} in {clock.Elapsed.TotalSeconds:F2} s");
            foreach (var step in final.Steps)
            {
                Console.WriteLine($"  {step.Describe()}");
            }

            var historyRows = await reader.CountAsync("SELECT COUNT(*) FROM saga_step_history WHERE saga_id = @id", sagaId, cancellationToken).ConfigureAwait(false);
            var customers = await reader.CountAsync("SELECT COUNT(*) FROM corporate_customers WHERE id = @id", sagaId, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Rows written: onboarding_sagas 1, saga_step_history {historyRows}, corporate_customers {customers}");
            return final.State == "Completed" ? KnapscenCli.Success : KnapscenCli.Failed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Prints every change of the saga row until it is final.</summary>
    private static async Task<SagaSnapshot> FollowAsync(SagaReader reader, Guid sagaId, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        string? shown = null;
        try
        {
            while (await ticks.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false))
            {
                var snapshot = await reader.ReadAsync(sagaId, deadline.Token).ConfigureAwait(false);
                if (snapshot is null)
                {
                    continue;
                }

                var description = snapshot.Describe();
                if (description != shown)
                {
                    Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F2}s] {description}");
                    shown = description;
                }

                if (snapshot.IsFinal)
                {
                    return snapshot;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        throw new OperatorException($"saga {sagaId} did not finish within {timeout.TotalSeconds:F0} s (last seen: {shown ?? "no saga row yet"})");
    }
}
