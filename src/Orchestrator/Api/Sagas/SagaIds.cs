using Microsoft.AspNetCore.Http.HttpResults;

namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary>The <c>{id}</c> route value: taken as text so a malformed one is a 400 that says so, not a 404.</summary>
internal static class SagaIds
{
    public static bool TryParse(string id, out Guid sagaId, out ProblemHttpResult? problem)
    {
        // Only the canonical 8-4-4-4-12 form, as the intake requires of a saga's subject.
        if (Guid.TryParseExact(id, "D", out sagaId))
        {
            problem = null;
            return true;
        }

        problem = Problems.BadRequest("id", $"'{id}' is not a saga id (a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301)");
        return false;
    }
}
