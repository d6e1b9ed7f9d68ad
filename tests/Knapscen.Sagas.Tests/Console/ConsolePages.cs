using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Knapscen.Sagas.Tests.Console;

/// <summary>What every console test does to a page: keep a screenshot of it, and check it with axe.</summary>
internal static class ConsolePages
{
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleServe.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Fails with every serious or critical axe violation on the page, named with its rule and elements.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var results = await page.RunAxe();
        var serious = results.Violations
            .Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Take(3).Select(node => node.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, $"{name}: {string.Join("; ", serious)}");
    }

    /// <summary>Marks the page's document: the mark is gone if the page reloads, so a test can prove it did not.</summary>
    public static Task MarkDocumentAsync(IPage page) => page.EvaluateAsync("() => { window.__knapscenNoReload = true; }");

    public static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__knapscenNoReload === true"), "the page was reloaded");
}
