using System.Text;
using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages.DeadLetters;

internal sealed class DeadLetterDetailsModel(DeadLetterStore store) : PageModel
{
    [FromRoute]
    public long Sequence { get; set; }

    public DeadLetter? Letter { get; private set; }

    public DeadLetterAnswer? Answer { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Letter = await ReadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReplayAsync(string? body, CancellationToken cancellationToken)
    {
        if (!Display.IsAdmin(User))
        {
            return Forbid();
        }

        var letter = await ReadAsync(cancellationToken);
        // Browsers send a textarea with CRLF line ends: an unedited body is replayed byte for byte as it was kept.
        byte[]? fixedBody = letter is null || body is null || body.ReplaceLineEndings("\n") == letter.BodyText.ReplaceLineEndings("\n")
            ? null
            : Encoding.UTF8.GetBytes(body);
        Answer = await store.ReplayAsync((ulong)Sequence, fixedBody, cancellationToken);
        Letter = await ReadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDiscardAsync(CancellationToken cancellationToken)
    {
        if (!Display.IsAdmin(User))
        {
            return Forbid();
        }

        Answer = await store.DiscardAsync((ulong)Sequence, cancellationToken);
        Letter = await ReadAsync(cancellationToken);
        return Page();
    }

    private Task<DeadLetter?> ReadAsync(CancellationToken cancellationToken) =>
        Sequence > 0 ? store.GetAsync((ulong)Sequence, cancellationToken) : Task.FromResult<DeadLetter?>(null);
}
