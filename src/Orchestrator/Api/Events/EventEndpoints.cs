using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.Api.Events;

/// <summary><c>POST /api/events</c>: a customer-registered CloudEvent over HTTP, validated as the NATS intake would, then published to it.</summary>
internal static class EventEndpoints
{
    // The intake's type for registrations (internal to the NATS adapter); the API accepts no other type.
    private const string CustomerRegisteredType = "disco.knapscen.customer.registered";

    public static IServiceCollection AddEventEndpoints(this IServiceCollection services) => services.AddSingleton<IntakeStreams>();

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/events", PublishAsync)
            .RequireAuthorization(ApiRoles.AdminPolicy)
            .Accepts<object>("application/cloudevents+json", "application/json")
            .WithName("PublishCustomerRegistered")
            .WithSummary("Publish a customer-registered CloudEvent (structured or binary HTTP mode).");
        return api;
    }

    private static async Task<Results<Accepted<EventAccepted>, ProblemHttpResult>> PublishAsync(
        HttpRequest request, CloudEventPublisher publisher, IntakeStreams streams, IOptions<NatsOptions> nats, IOptions<IntakeOptions> intake, CancellationToken cancellationToken)
    {
        HttpCloudEvent received;
        Guid sagaId;
        try
        {
            received = await HttpCloudEventReader.ReadAsync(request, nats.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            var validated = EventValidation.Validate(received.Event, intake.Value);
            if (validated.Type != CustomerRegisteredType)
            {
                return Problems.BadRequest("type", $"attribute 'type' is '{validated.Type}'; this endpoint takes '{CustomerRegisteredType}' only");
            }

            sagaId = Guid.ParseExact(validated.Subject!, "D");
        }
        catch (InvalidHttpCloudEventException e)
        {
            return Problems.BadRequest("event", e.Message);
        }
        catch (InvalidEventException e)
        {
            return Problems.BadRequest("event", e.Message);
        }

        try
        {
            await streams.EnsureAsync(cancellationToken).ConfigureAwait(false);
            await publisher.PublishAsync(KnapscenSubjects.CustomerRegistered, received.Event, received.BinaryMode, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            return TypedResults.Problem(title: "NATS is not available", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Accepted($"/api/sagas/{sagaId}", new EventAccepted(received.Event.Id!, sagaId));
    }
}
