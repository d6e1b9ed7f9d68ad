using Knapscen.Sagas.Orchestrator.Api.Sagas;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages.Sagas;

internal sealed class SagaListModel(SagaSearch search, BulkSagaCommands bulk) : PageModel
{
    public SagaListQueryString Query { get; private set; } = null!;

    public SagaPage Results { get; private set; } = new([], 1, SagaListQueryString.PageSize, 0);

    public List<string> Problems { get; } = [];

    public IReadOnlyList<BulkAnswer>? Answers { get; private set; }

    public string AnswerTitle { get; private set; } = "";

    public long PageCount => Math.Max(1, (Results.Total + Results.PageSize - 1) / Results.PageSize);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(SagaListQueryString.Read(Request.Query), cancellationToken);

    public async Task<IActionResult> OnPostBulkAsync(string? command, string? reason, string? scope, List<Guid>? ids, CancellationToken cancellationToken)
    {
        if (!Display.IsAdmin(User))
        {
            return Forbid();
        }

        var query = SagaListQueryString.Read(Request.Form);
        var kind = command switch
        {
            "retry" => SagaCommandKind.Retry,
            "compensate" => SagaCommandKind.Compensate,
            "cancel" => SagaCommandKind.Cancel,
            _ => (SagaCommandKind?)null,
        };
        reason = reason?.Trim();
        if (kind is null)
        {
            Problems.Add($"'{command}' is not an action; choose retry, compensate or cancel.");
        }

        if (string.IsNullOrEmpty(reason) || reason.Length > SagaCommandRequest.MaxReasonLength)
        {
            Problems.Add($"Give a reason of 1 to {SagaCommandRequest.MaxReasonLength} characters: it is kept in every saga's notes.");
        }

        var (filter, filterProblems) = query.ToFilter();
        IReadOnlyList<Guid> targets = [];
        if (Problems.Count == 0 && filterProblems.Count == 0)
        {
            targets = scope == "matching" ? await bulk.PreviewAsync(filter, cancellationToken) : ids ?? [];
            if (targets.Count == 0)
            {
                Problems.Add(scope == "matching" ? "No saga matches the filter." : "Tick at least one saga, or choose every saga matching the filter.");
            }
        }

        if (Problems.Count == 0 && filterProblems.Count == 0)
        {
            Answers = await bulk.SendAsync(kind!.Value, targets, User.Identity?.Name ?? "console", reason!, cancellationToken);
            var done = Answers.Count(answer => answer.Status == SagaCommandStatus.Accepted);
            AnswerTitle = $"{command} sent to {Answers.Count} sagas: {done} done, {Answers.Count - done} refused or not found";
        }

        await LoadAsync(query, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(SagaListQueryString query, CancellationToken cancellationToken)
    {
        Query = query;
        var (filter, problems) = query.ToFilter();
        Problems.AddRange(problems);
        Results = await search.FindAsync(filter, cancellationToken);
    }
}
