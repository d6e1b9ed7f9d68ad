using System.Security.Claims;
using System.Text.Json;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary><c>POST /api/sagas/{id}/retry|compensate|cancel</c>: operator commands into the saga; admin tokens only.</summary>
internal static class SagaCommandEndpoints
{
    public static IEndpointRouteBuilder MapSagaCommandEndpoints(this IEndpointRouteBuilder api)
    {
        Map(api, "retry", SagaCommandKind.Retry, "Re-run failed or overdue steps, or resume a saga that needs attention.");
        Map(api, "compensate", SagaCommandKind.Compensate, "Undo the succeeded steps, newest first (or retry failed compensations).");
        Map(api, "cancel", SagaCommandKind.Cancel, "Stop the saga where it is; nothing is undone.");
        return api;
    }

    private static void Map(IEndpointRouteBuilder api, string command, SagaCommandKind kind, string summary) =>
        api.MapPost($"/sagas/{{id}}/{command}", (string id, HttpRequest request, ClaimsPrincipal user, SagaCommandSender sender, CancellationToken cancellationToken) =>
                SendAsync(kind, command, id, request, user, sender, cancellationToken))
            .RequireAuthorization(ApiRoles.AdminPolicy)
            .Accepts<SagaCommandRequest>("application/json")
            .WithName($"{char.ToUpperInvariant(command[0])}{command[1..]}Saga")
            .WithSummary(summary);

    private static async Task<Results<Ok<SagaCommandResponse>, ProblemHttpResult>> SendAsync(
        SagaCommandKind kind, string command, string id, HttpRequest request, ClaimsPrincipal user, SagaCommandSender sender, CancellationToken cancellationToken)
    {
        if (!SagaIds.TryParse(id, out var sagaId, out var problem))
        {
            return problem!;
        }

        var (reason, reasonProblem) = await ReadReasonAsync(request, cancellationToken).ConfigureAwait(false);
        if (reasonProblem is not null)
        {
            return reasonProblem;
        }

        var requestedBy = user.Identity?.Name ?? BearerTokenHandler.LocalDeveloper;
        var outcome = await sender.SendAsync(kind, sagaId, requestedBy, reason!, cancellationToken).ConfigureAwait(false);
        return outcome.Status switch
        {
            SagaCommandStatus.Accepted => TypedResults.Ok(new SagaCommandResponse(sagaId, command, outcome.State, outcome.Message)),
            SagaCommandStatus.Refused => Problems.Refused(sagaId, outcome.State ?? "", outcome.Message),
            _ => Problems.SagaNotFound(sagaId),
        };
    }

    // The body is read by hand: the framework's binding failure is a bare 400 that names nothing.
    private static async Task<(string? Reason, ProblemHttpResult? Problem)> ReadReasonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.BadRequest("reason", "send a JSON body {\"reason\": \"...\"} with Content-Type: application/json"));
        }

        SagaCommandRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<SagaCommandRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest("reason", $"the body is not JSON of the form {{\"reason\": \"...\"}}: {e.Message}"));
        }

        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return (null, Problems.BadRequest("reason", "'reason' is required: say why, it is kept in the saga's notes"));
        }

        return reason.Length > SagaCommandRequest.MaxReasonLength
            ? (null, Problems.BadRequest("reason", $"'reason' is {reason.Length} characters; at most {SagaCommandRequest.MaxReasonLength}"))
            : (reason, null);
    }
}
