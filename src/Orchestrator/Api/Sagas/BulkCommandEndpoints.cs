using System.Security.Claims;
using System.Text.Json;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary><c>POST /api/sagas/retry|compensate|cancel</c>: one operator command for many sagas; admin tokens only.</summary>
internal static class BulkCommandEndpoints
{
    public static IEndpointRouteBuilder MapBulkCommandEndpoints(this IEndpointRouteBuilder api)
    {
        Map(api, "retry", SagaCommandKind.Retry);
        Map(api, "compensate", SagaCommandKind.Compensate);
        Map(api, "cancel", SagaCommandKind.Cancel);
        return api;
    }

    private static void Map(IEndpointRouteBuilder api, string command, SagaCommandKind kind) =>
        api.MapPost($"/sagas/{command}", (HttpRequest request, ClaimsPrincipal user, BulkSagaCommands bulk, CancellationToken cancellationToken) =>
                SendAsync(kind, command, request, user, bulk, cancellationToken))
            .RequireAuthorization(ApiRoles.AdminPolicy)
            .Accepts<BulkCommandRequest>("application/json")
            .WithName($"{char.ToUpperInvariant(command[0])}{command[1..]}Sagas")
            .WithSummary($"{char.ToUpperInvariant(command[0])}{command[1..]} the given sagas, or every saga matching a filter (dryRun lists them); each saga's answer.");

    private static async Task<Results<Ok<BulkCommandResponse>, ProblemHttpResult>> SendAsync(
        SagaCommandKind kind, string command, HttpRequest request, ClaimsPrincipal user, BulkSagaCommands bulk, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Problems.BadRequest("body", "send a JSON body {\"reason\": \"...\", \"sagaIds\": [...]} or {\"reason\": \"...\", \"filter\": {...}} with Content-Type: application/json");
        }

        BulkCommandRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<BulkCommandRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest("body", $"the body is not a bulk command: {e.Message}");
        }

        var reason = body?.Reason?.Trim();
        if (body is null || string.IsNullOrEmpty(reason))
        {
            return Problems.BadRequest("reason", "'reason' is required: say why, it is kept in every saga's notes");
        }

        if (reason.Length > SagaCommandRequest.MaxReasonLength)
        {
            return Problems.BadRequest("reason", $"'reason' is {reason.Length} characters; at most {SagaCommandRequest.MaxReasonLength}");
        }

        if ((body.SagaIds is { Count: > 0 }) == (body.Filter is not null))
        {
            return Problems.BadRequest("sagaIds", "give either 'sagaIds' (a non-empty list) or 'filter', not both");
        }

        IReadOnlyList<Guid> targets;
        if (body.Filter is { } filter)
        {
            if (!ToSearch(filter, out var search, out var problem))
            {
                return problem!;
            }

            targets = await bulk.PreviewAsync(search, cancellationToken).ConfigureAwait(false);
        }
        else if (body.SagaIds!.Count > SagaSearchFilter.MaxBulk)
        {
            return Problems.BadRequest("sagaIds", $"{body.SagaIds.Count} sagas; at most {SagaSearchFilter.MaxBulk} at once");
        }
        else
        {
            targets = [.. body.SagaIds.Distinct()];
        }

        if (body.DryRun)
        {
            return TypedResults.Ok(new BulkCommandResponse(command, true, targets.Count, [.. targets.Select(id => new BulkCommandAnswer(id, "would-send", null, null))]));
        }

        var requestedBy = user.Identity?.Name ?? BearerTokenHandler.LocalDeveloper;
        var answers = await bulk.SendAsync(kind, targets, requestedBy, reason, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new BulkCommandResponse(command, false, targets.Count, [.. answers.Select(answer => new BulkCommandAnswer(
            answer.SagaId,
            answer.Status switch { SagaCommandStatus.Accepted => "done", SagaCommandStatus.Refused => "refused", _ => "not-found" },
            answer.State,
            answer.Message))]));
    }

    private static bool ToSearch(BulkCommandFilter filter, out SagaSearchFilter search, out ProblemHttpResult? problem)
    {
        search = new SagaSearchFilter();
        problem = null;
        string? state = null;
        if (filter.State is not null)
        {
            state = SagaListFilter.States.FirstOrDefault(known => known.Equals(filter.State, StringComparison.OrdinalIgnoreCase));
            if (state is null)
            {
                problem = Problems.BadRequest("filter.state", $"'{filter.State}' is not a saga state; one of {string.Join(", ", SagaListFilter.States)}");
                return false;
            }
        }

        search = new SagaSearchFilter(
            state, filter.Stuck, filter.CreatedFrom, filter.CreatedTo, Blank(filter.Customer), Blank(filter.UserEmail), Blank(filter.EventId),
            Blank(filter.Step), Blank(filter.ErrorText));
        if (search.IsEmpty)
        {
            // An empty filter matches every saga: too easy to send by mistake.
            problem = Problems.BadRequest("filter", "the filter has no criterion; name at least one (state, stuck, createdFrom, ...) or list sagaIds");
            return false;
        }

        return true;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
