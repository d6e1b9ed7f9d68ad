using System.Globalization;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Http;

namespace Knapscen.Sagas.Orchestrator.WebConsole;

/// <summary>
/// The saga list's filters as a query string, the one form links from the overview, the filter form, paging and
/// sorting share: read into a <see cref="SagaSearchFilter"/> with a message per bad value, and written back.
/// </summary>
internal sealed record SagaListQueryString(
    string? State, bool Stuck, string? From, string? To, string? Customer, string? Email, string? Event, string? Step, string? Error,
    string Sort, string Dir, int Page)
{
    public const int PageSize = 50;

    private static readonly string[] TimeFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK"];

    public static SagaListQueryString Read(IQueryCollection query) => new(
        Text(query["state"]), string.Equals(query["stuck"], "true", StringComparison.OrdinalIgnoreCase),
        Text(query["from"]), Text(query["to"]), Text(query["customer"]), Text(query["email"]), Text(query["event"]),
        Text(query["step"]), Text(query["error"]),
        Text(query["sort"]) ?? "created", Text(query["dir"]) ?? "desc",
        int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1);

    /// <summary>The same filters from a posted form (the bulk form carries them as hidden fields).</summary>
    public static SagaListQueryString Read(IFormCollection form) => Read(new QueryCollection(form.ToDictionary(pair => pair.Key, pair => pair.Value)));

    public (SagaSearchFilter Filter, IReadOnlyList<string> Problems) ToFilter()
    {
        var problems = new List<string>();
        string? state = null;
        if (State is not null)
        {
            state = SagaListFilter.States.FirstOrDefault(known => known.Equals(State, StringComparison.OrdinalIgnoreCase));
            if (state is null)
            {
                problems.Add($"State '{State}' is not a saga state; one of {string.Join(", ", SagaListFilter.States)}.");
            }
        }

        var from = Time("Created from", From, problems);
        var to = Time("Created to", To, problems);
        // A bare date as the upper end means the whole of that day.
        if (to is not null && To!.Length == 10)
        {
            to = to.Value.AddDays(1);
        }

        var sort = Sort switch
        {
            "updated" => SagaSort.Updated,
            "customer" => SagaSort.Customer,
            "state" => SagaSort.State,
            _ => SagaSort.Created,
        };
        var filter = new SagaSearchFilter(state, Stuck, from, to, Customer, Email, Event, Step, Error, sort, Dir != "asc", Page, PageSize);
        return (filter, problems);
    }

    public string ToQuery(string? sort = null, string? dir = null, int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>
        {
            new("state", State), new("stuck", Stuck ? "true" : null), new("from", From), new("to", To), new("customer", Customer),
            new("email", Email), new("event", Event), new("step", Step), new("error", Error),
            new("sort", sort ?? Sort), new("dir", dir ?? Dir), new("page", (page ?? Page).ToString(CultureInfo.InvariantCulture)),
        };
        return QueryString.Create(pairs.Where(pair => !string.IsNullOrEmpty(pair.Value))).Value ?? "";
    }

    public IEnumerable<KeyValuePair<string, string>> FilterFields() =>
        new Dictionary<string, string?>
        {
            ["state"] = State, ["stuck"] = Stuck ? "true" : null, ["from"] = From, ["to"] = To, ["customer"] = Customer,
            ["email"] = Email, ["event"] = Event, ["step"] = Step, ["error"] = Error,
        }.Where(pair => pair.Value is not null).Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value!));

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Time(string label, string? value, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        problems.Add($"{label} '{value}' is not a date (2026-11-30) or a date and time (2026-11-30T14:05), UTC.");
        return null;
    }
}
