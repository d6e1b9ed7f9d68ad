using System.Globalization;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Knapscen.Sagas.Orchestrator.Api.Sagas;

/// <summary>
/// The query string of <c>GET /api/sagas</c>, taken as text and checked here, so a bad value is a 400 that names the
/// parameter rather than the framework's bare binding failure.
/// </summary>
internal static class SagaListQuery
{
    // ISO-8601 date or date-time; without an offset the time is UTC, like every time the API returns.
    private static readonly string[] SinceFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(
        string? state, string? stuck, string? since, string? customer, string? page, string? pageSize,
        out SagaListFilter filter, out ProblemHttpResult? problem)
    {
        filter = new SagaListFilter();
        problem = ParseState(state, out var canonicalState);
        var stuckOnly = false;
        DateTimeOffset? sinceTime = null;
        int pageNumber = 1, size = 50;
        problem ??= ParseStuck(stuck, out stuckOnly);
        problem ??= ParseSince(since, out sinceTime);
        problem ??= ParseInt("page", page, 1, int.MaxValue, 1, out pageNumber);
        problem ??= ParseInt("pageSize", pageSize, 1, SagaListFilter.MaxPageSize, 50, out size);
        if (problem is not null)
        {
            return false;
        }

        filter = new SagaListFilter(canonicalState, stuckOnly, sinceTime, string.IsNullOrWhiteSpace(customer) ? null : customer.Trim(), pageNumber, size);
        return true;
    }

    private static ProblemHttpResult? ParseState(string? value, out string? state)
    {
        state = null;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        state = SagaListFilter.States.FirstOrDefault(known => known.Equals(value, StringComparison.OrdinalIgnoreCase));
        return state is null
            ? Problems.BadRequest("state", $"'{value}' is not a saga state; one of {string.Join(", ", SagaListFilter.States)}")
            : null;
    }

    private static ProblemHttpResult? ParseStuck(string? value, out bool stuck)
    {
        stuck = false;
        return string.IsNullOrEmpty(value) || bool.TryParse(value, out stuck)
            ? null
            : Problems.BadRequest("stuck", $"'{value}' is not 'true' or 'false'");
    }

    private static ProblemHttpResult? ParseSince(string? value, out DateTimeOffset? since)
    {
        since = null;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, SinceFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            since = parsed;
            return null;
        }

        return Problems.BadRequest("since", $"'{value}' is not an ISO-8601 date or time, e.g. 2026-11-23 or 2026-11-23T14:00:00Z");
    }

    private static ProblemHttpResult? ParseInt(string name, string? value, int min, int max, int fallback, out int result)
    {
        result = fallback;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max
            ? null
            : Problems.BadRequest(name, max == int.MaxValue
                ? $"'{value}' is not a whole number of at least {min}"
                : $"'{value}' is not a whole number from {min} to {max}");
    }
}
