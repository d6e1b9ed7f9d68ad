using System.CommandLine;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class PublishCommand
{
    public static Command Create()
    {
        var sample = new Option<bool>("--sample") { Description = "Publish the sample customer (TechCorp Solutions, three users) as a new onboarding." };
        var file = new Option<FileInfo?>("--file") { Description = "Publish the structured-mode CloudEvent in this JSON file." };
        var name = new Option<string?>("--name") { Description = "Company name, to build the event from flags." };
        var tier = new Option<string?>("--tier") { Description = "Subscription tier: basic, groovy or far-out." };
        var users = new Option<string[]>("--user")
        {
            Description = "A user as name,email,role (repeat for each user).",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var binary = new Option<bool>("--binary") { Description = "Send in binary mode (ce- headers) instead of structured mode." };
        var wait = new Option<bool>("--wait") { Description = "Follow the saga to its final state, showing progress; exit 0 only if it completes." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds --wait waits at most.", DefaultValueFactory = _ => 300 };
        var customerRegistered = new Command("customer-registered", "Publish a customer-registered CloudEvent to NATS.")
        {
            sample, file, name, tier, users, binary, wait, timeout,
        };
        customerRegistered.Validators.Add(result =>
        {
            var sources = (result.GetValue(sample) ? 1 : 0) + (result.GetValue(file) is null ? 0 : 1) + (result.GetValue(name) is null ? 0 : 1);
            if (sources != 1)
            {
                result.AddError("give exactly one of --sample, --file or --name (with --tier and --user)");
            }

            if (result.GetValue(name) is null && (result.GetValue(tier) is not null || result.GetValue(users) is { Length: > 0 }))
            {
                result.AddError("--tier and --user go with --name");
            }
        });
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 86_400)
            {
                result.AddError("--timeout must be between 1 and 86400 seconds");
            }
        });
        customerRegistered.SetAction(async (parsed, cancellationToken) =>
        {
            var cloudEvent = parsed.GetValue(file) is { } path ? ReadEvent(path)
                : parsed.GetValue(name) is { } company ? EventFromFlags.CustomerRegistered(company, parsed.GetValue(tier), parsed.GetValue(users) ?? [])
                : SampleEvents.CustomerRegistered();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var published = await PublishAsync(cloudEvent, parsed.GetValue(binary), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Published customer-registered event {published.Id}; saga id {published.Subject}");
            if (!parsed.GetValue(wait))
            {
                return KnapscenCli.Success;
            }

            var reader = new Demo.SagaReader(DatabaseSettings.From(OrchestratorHost.CreateBuilder([]).Configuration).ConnectionString);
            var final = await Demo.SagaFollower.FollowAsync(reader, Guid.Parse(published.Subject!), clock, TimeSpan.FromSeconds(parsed.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Saga {published.Subject} finished as {final.State}{(final.LastError is null ? "" : $": {final.LastError}")}");
            return final.State == "Completed" ? KnapscenCli.Success : KnapscenCli.Failed;
        });
        return new Command("publish", "Publish events.") { customerRegistered };
    }

    /// <summary>Validates like the intake does, so a bad event is refused here with its reason instead of dead-lettered later.</summary>
    public static async Task<CloudEvent> PublishAsync(CloudEvent cloudEvent, bool binaryMode, CancellationToken cancellationToken)
    {
        var builder = OrchestratorHost.CreateBuilder([]);
        builder.Services.AddNatsPublishing();
        using var host = builder.Build();
        CloudEvent validated;
        try
        {
            validated = EventValidation.Validate(cloudEvent, host.Services.GetRequiredService<IOptions<IntakeOptions>>().Value);
        }
        catch (InvalidEventException e)
        {
            throw new OperatorException($"invalid event: {e.Message}", e);
        }

        var publisher = host.Services.GetRequiredService<CloudEventPublisher>();
        var connection = host.Services.GetRequiredService<IOptions<NatsOptions>>().Value.Connection();
        try
        {
            await publisher.EnsureStreamsAsync(cancellationToken).ConfigureAwait(false);
            await publisher.PublishAsync(KnapscenSubjects.CustomerRegistered, validated, binaryMode, cancellationToken).ConfigureAwait(false);
        }
        catch (NATS.Client.Core.NatsException e)
        {
            throw new OperatorException($"could not publish to NATS at {connection.DisplayUrl}: {connection.Describe(e)}", e);
        }

        return validated;
    }

    private static CloudEvent ReadEvent(FileInfo path)
    {
        try
        {
            using var stream = path.OpenRead();
            return new JsonEventFormatter().DecodeStructuredModeMessage(stream, contentType: null, extensionAttributes: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperatorException($"cannot read {path.FullName}: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            throw new OperatorException($"{path.FullName} is not a valid structured CloudEvent: {e.Message}", e);
        }
    }
}
