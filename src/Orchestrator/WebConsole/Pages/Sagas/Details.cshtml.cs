using Knapscen.Sagas.Orchestrator.Api.Sagas;
using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages.Sagas;

internal sealed class SagaDetailsModel(SagaReadModel sagas, SagaRegistrationReader registrations, SagaCommandSender sender, ConsoleSettings settings, TimeProvider clock)
    : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public SagaDetails? Saga { get; private set; }

    public SagaRegistration? Registration { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public string? TraceUrl => settings.TraceUrl(Saga?.TraceId);

    [TempData]
    public string? Answer { get; set; }

    public List<string> Problems { get; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCommandAsync(string? command, string? reason, CancellationToken cancellationToken)
    {
        if (!Display.IsAdmin(User))
        {
            return Forbid();
        }

        SagaCommandKind? kind = command switch
        {
            "retry" => SagaCommandKind.Retry,
            "compensate" => SagaCommandKind.Compensate,
            "cancel" => SagaCommandKind.Cancel,
            _ => null,
        };
        reason = reason?.Trim();
        if (kind is null)
        {
            Problems.Add($"'{command}' is not an action; use Retry, Compensate or Cancel.");
        }

        if (string.IsNullOrEmpty(reason) || reason.Length > SagaCommandRequest.MaxReasonLength)
        {
            Problems.Add($"Give a reason of 1 to {SagaCommandRequest.MaxReasonLength} characters: it is kept in the saga's notes.");
        }

        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var outcome = await sender.SendAsync(kind!.Value, Id, User.Identity?.Name ?? "console", reason!, cancellationToken);
        Answer = outcome.Status switch
        {
            SagaCommandStatus.Accepted => $"{char.ToUpperInvariant(command![0])}{command[1..]}: {outcome.Message} (state {outcome.State}).",
            SagaCommandStatus.Refused => $"Refused: {outcome.Message}",
            _ => $"Not found: {outcome.Message}",
        };
        // Post, redirect, get: a reload of the page does not send the command again.
        return RedirectToPage(new { id = Id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Saga = await sagas.GetAsync(Id, cancellationToken);
        Registration = Saga is null ? null : await registrations.ReadAsync(Id, cancellationToken);
    }
}
