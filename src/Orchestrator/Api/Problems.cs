using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Knapscen.Sagas.Orchestrator.Api;

/// <summary>The API's error responses: RFC 9457 problem details whose detail says what to fix.</summary>
internal static class Problems
{
    /// <param name="parameter">The query parameter, route value or body field at fault; also in the <c>parameter</c> extension.</param>
    public static ProblemHttpResult BadRequest(string parameter, string detail) => TypedResults.Problem(
        title: $"invalid '{parameter}'",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    public static ProblemHttpResult SagaNotFound(Guid sagaId) => TypedResults.Problem(
        title: "saga not found",
        detail: $"there is no saga {sagaId}",
        statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Refused(Guid sagaId, string state, string reason) => TypedResults.Problem(
        title: "refused by the saga",
        detail: reason,
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["sagaId"] = sagaId, ["state"] = state });
}
