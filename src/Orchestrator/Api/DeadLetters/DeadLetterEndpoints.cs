using System.Globalization;
using System.Text;
using System.Text.Json;
using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Knapscen.Sagas.Orchestrator.Api.DeadLetters;

/// <summary>
/// <c>/api/dead-letters</c>: browse what the intake dead-lettered (any token); replay to the original subject or
/// discard (admin tokens).
/// </summary>
internal static class DeadLetterEndpoints
{
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dead-letters", ListAsync).WithName("ListDeadLetters").WithSummary("The newest dead letters first: reason, original subject, time, body.");
        api.MapGet("/dead-letters/{sequence}", GetAsync).WithName("GetDeadLetter").WithSummary("One dead letter with its headers.");
        api.MapPost("/dead-letters/{sequence}/replay", ReplayOneAsync)
            .RequireAuthorization(ApiRoles.AdminPolicy)
            .WithName("ReplayDeadLetter")
            .WithSummary("Publish the dead letter again to its original subject, optionally with a fixed body {\"body\": \"...\"}; it leaves the dead letters.");
        api.MapPost("/dead-letters/replay", (HttpRequest request, DeadLetterStore store, CancellationToken cancellationToken) =>
                ManyAsync(request, (sequence, token) => store.ReplayAsync(sequence, null, token), cancellationToken))
            .RequireAuthorization(ApiRoles.AdminPolicy)
            .Accepts<DeadLetterSelection>("application/json")
            .WithName("ReplayDeadLetters")
            .WithSummary("Replay several dead letters {\"sequences\": [...]} as they were kept.");
        api.MapPost("/dead-letters/discard", (HttpRequest request, DeadLetterStore store, CancellationToken cancellationToken) =>
                ManyAsync(request, store.DiscardAsync, cancellationToken))
            .RequireAuthorization(ApiRoles.AdminPolicy)
            .Accepts<DeadLetterSelection>("application/json")
            .WithName("DiscardDeadLetters")
            .WithSummary("Remove dead letters {\"sequences\": [...]} for good.");
        return api;
    }

    private static async Task<Results<Ok<DeadLetterList>, ProblemHttpResult>> ListAsync(DeadLetterStore store, string? limit, CancellationToken cancellationToken)
    {
        var count = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > DeadLetterStore.MaxListed))
        {
            return Problems.BadRequest("limit", $"'{limit}' is not a whole number from 1 to {DeadLetterStore.MaxListed}");
        }

        var (items, total) = await store.ListAsync(count, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new DeadLetterList([.. items.Select(DeadLetterView.From)], total));
    }

    private static async Task<Results<Ok<DeadLetterView>, ProblemHttpResult>> GetAsync(string sequence, DeadLetterStore store, CancellationToken cancellationToken)
    {
        if (!TryParse(sequence, out var number, out var problem))
        {
            return problem!;
        }

        return await store.GetAsync(number, cancellationToken).ConfigureAwait(false) is { } letter
            ? TypedResults.Ok(DeadLetterView.From(letter))
            : NotFound(number);
    }

    private static async Task<Results<Ok<DeadLetterAnswer>, ProblemHttpResult>> ReplayOneAsync(
        string sequence, HttpRequest request, DeadLetterStore store, CancellationToken cancellationToken)
    {
        if (!TryParse(sequence, out var number, out var problem))
        {
            return problem!;
        }

        byte[]? fixedBody = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!request.HasJsonContentType())
            {
                return Problems.BadRequest("body", "send no body to replay as kept, or JSON {\"body\": \"<the fixed event>\"}");
            }

            try
            {
                var replay = await request.ReadFromJsonAsync<DeadLetterReplay>(cancellationToken).ConfigureAwait(false);
                fixedBody = replay?.Body is { } text ? Encoding.UTF8.GetBytes(text) : null;
            }
            catch (JsonException e)
            {
                return Problems.BadRequest("body", $"the body is not JSON of the form {{\"body\": \"...\"}}: {e.Message}");
            }
        }

        var answer = await store.ReplayAsync(number, fixedBody, cancellationToken).ConfigureAwait(false);
        return answer.Done ? TypedResults.Ok(answer) : NotFound(number);
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetterAnswer>>, ProblemHttpResult>> ManyAsync(
        HttpRequest request, Func<ulong, CancellationToken, Task<DeadLetterAnswer>> act, CancellationToken cancellationToken)
    {
        DeadLetterSelection? selection = null;
        try
        {
            selection = request.HasJsonContentType() ? await request.ReadFromJsonAsync<DeadLetterSelection>(cancellationToken).ConfigureAwait(false) : null;
        }
        catch (JsonException)
        {
            // Answered below with the expected shape.
        }

        if (selection?.Sequences is not { Count: > 0 } sequences)
        {
            return Problems.BadRequest("sequences", "send JSON {\"sequences\": [1, 2, ...]} with the dead letters' sequence numbers");
        }

        var answers = new List<DeadLetterAnswer>();
        foreach (var sequence in sequences.Distinct())
        {
            answers.Add(await act(sequence, cancellationToken).ConfigureAwait(false));
        }

        return TypedResults.Ok<IReadOnlyList<DeadLetterAnswer>>(answers);
    }

    private static bool TryParse(string value, out ulong sequence, out ProblemHttpResult? problem)
    {
        problem = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0
            ? null
            : Problems.BadRequest("sequence", $"'{value}' is not a dead letter's sequence number (a whole number from 1)");
        return problem is null;
    }

    private static ProblemHttpResult NotFound(ulong sequence) => TypedResults.Problem(
        title: "dead letter not found",
        detail: $"there is no dead letter {sequence} (replayed or discarded already?)",
        statusCode: StatusCodes.Status404NotFound);
}
