using Knapscen.Sagas.Adapters.Nats.DeadLetters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages.DeadLetters;

internal sealed class DeadLettersModel(DeadLetterStore store) : PageModel
{
    private const int Shown = 200;

    public IReadOnlyList<DeadLetter> Items { get; private set; } = [];

    public long Total { get; private set; }

    public List<DeadLetterAnswer> Answers { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => (Items, Total) = await store.ListAsync(Shown, cancellationToken);

    public Task<IActionResult> OnPostReplayAsync(List<ulong>? sequences, CancellationToken cancellationToken) =>
        ActAsync(sequences, sequence => store.ReplayAsync(sequence, fixedBody: null, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDiscardAsync(List<ulong>? sequences, CancellationToken cancellationToken) =>
        ActAsync(sequences, sequence => store.DiscardAsync(sequence, cancellationToken), cancellationToken);

    private async Task<IActionResult> ActAsync(List<ulong>? sequences, Func<ulong, Task<DeadLetterAnswer>> act, CancellationToken cancellationToken)
    {
        if (!Display.IsAdmin(User))
        {
            return Forbid();
        }

        if (sequences is null or { Count: 0 })
        {
            Answers.Add(new DeadLetterAnswer(0, false, "tick at least one dead letter"));
        }

        foreach (var sequence in sequences?.Distinct() ?? [])
        {
            Answers.Add(await act(sequence));
        }

        (Items, Total) = await store.ListAsync(Shown, cancellationToken);
        return Page();
    }
}
