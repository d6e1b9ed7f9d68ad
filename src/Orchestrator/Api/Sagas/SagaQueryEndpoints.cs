using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary><c>GET /api/sagas</c> (filtered, paged) and <c>GET /api/sagas/{id}</c> (details with step history); any valid token.</summary>
internal static class SagaQueryEndpoints
{
    public static IEndpointRouteBuilder MapSagaQueryEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sagas", ListAsync)
            .WithName("ListSagas")
            .WithSummary("Sagas, newest first, filtered by state, stuck, created since, customer name; paged.");
        api.MapGet("/sagas/{id}", GetAsync)
            .WithName("GetSaga")
            .WithSummary("One saga with its steps, attempt history and operator notes.");
        return api;
    }

    private static async Task<Results<Ok<SagaPage>, ProblemHttpResult>> ListAsync(
        SagaReadModel sagas,
        string? state,
        string? stuck,
        string? since,
        string? customer,
        string? page,
        string? pageSize,
        CancellationToken cancellationToken)
    {
        if (!SagaListQuery.TryParse(state, stuck, since, customer, page, pageSize, out var filter, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(await sagas.ListAsync(filter, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<SagaDetails>, ProblemHttpResult>> GetAsync(string id, SagaReadModel sagas, CancellationToken cancellationToken)
    {
        if (!SagaIds.TryParse(id, out var sagaId, out var problem))
        {
            return problem!;
        }

        var details = await sagas.GetAsync(sagaId, cancellationToken).ConfigureAwait(false);
        return details is null ? Problems.SagaNotFound(sagaId) : TypedResults.Ok(details);
    }
}
