using System.CommandLine;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class PublishCommand
{
    public static Command Create()
    {
        var sample = new Option<bool>("--sample") { Description = "Publish the sample customer (TechCorp Solutions, three users) as a new onboarding." };
        var file = new Option<FileInfo?>("--file") { Description = "Publish the structured-mode CloudEvent in this JSON file." };
        var binary = new Option<bool>("--binary") { Description = "Send in binary mode (ce- headers) instead of structured mode." };
        var customerRegistered = new Command("customer-registered", "Publish a customer-registered CloudEvent to NATS.") { sample, file, binary };
        customerRegistered.Validators.Add(result =>
        {
            if (result.GetValue(sample) == (result.GetValue(file) is not null))
            {
                result.AddError("give exactly one of --sample or --file");
            }
        });
        customerRegistered.SetAction(async (parsed, cancellationToken) =>
        {
            var cloudEvent = parsed.GetValue(file) is { } path ? ReadEvent(path) : SampleEvents.CustomerRegistered();
            var published = await PublishAsync(cloudEvent, parsed.GetValue(binary), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Published customer-registered event {published.Id}; saga id {published.Subject}");
            return KnapscenCli.Success;
        });
        return new Command("publish", "Publish events.") { customerRegistered };
    }

    /// <summary>Validates like the intake does, so a bad event is refused here with its reason instead of dead-lettered later.</summary>
    public static async Task<CloudEvent> PublishAsync(CloudEvent cloudEvent, bool binaryMode, CancellationToken cancellationToken)
    {
        CloudEvent validated;
        try
        {
            validated = EventValidation.Validate(cloudEvent);
        }
        catch (InvalidEventException e)
        {
            throw new OperatorException($"invalid event: {e.Message}", e);
        }

        var builder = OrchestratorHost.CreateBuilder([]);
        builder.Services.AddNatsPublishing();
        using var host = builder.Build();
        var publisher = host.Services.GetRequiredService<CloudEventPublisher>();
        var url = builder.Configuration["Nats:Url"];
        try
        {
            await publisher.EnsureStreamsAsync(cancellationToken).ConfigureAwait(false);
            await publisher.PublishAsync(KnapscenSubjects.CustomerRegistered, validated, binaryMode, cancellationToken).ConfigureAwait(false);
        }
        catch (NATS.Client.Core.NatsException e)
        {
            throw new OperatorException($"could not publish to NATS at {url}: {e.Message}", e);
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
