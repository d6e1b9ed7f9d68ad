using Knapscen.Sagas.Orchestrator.Operations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages;

internal sealed class IndexModel(SagaOverview overview) : PageModel
{
    public OverviewFigures Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Figures = await overview.ReadAsync(cancellationToken);
}
