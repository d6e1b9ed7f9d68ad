using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Knapscen.Sagas.Tests.Console;

[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed class When_console_pages_are_checked_for_accessibility(ConsoleServe console)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Should_have_no_serious_violation_on_any_page(int width)
    {
        var sagaId = (await console.NeedsAttentionSagasAsync(1, "Accessible"))[0];
        var invalid = Intake.InvalidEvents.SampleJson(Guid.NewGuid()).Replace("\"far-out\"", "\"platinum\"", StringComparison.Ordinal);
        await console.Serve.Publisher.PublishRawAsync("customer-registered", System.Text.Encoding.UTF8.GetBytes(invalid));

        var anonymous = await (await console.Browser.NewContextAsync(new() { BaseURL = console.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = 900 } })).NewPageAsync();
        await anonymous.GotoAsync("/sign-in");
        await Check(anonymous, $"sign-in-{width}");

        var page = await console.SignedInPageAsync(ConsoleServe.AdminToken, width);
        foreach (var (path, name) in new[] { ("/", "overview"), ("/sagas", "saga-list"), ($"/sagas/{sagaId}", "saga-detail"), ("/publish", "publish") })
        {
            await page.GotoAsync(path);
            await Check(page, $"{name}-{width}");
        }

        await page.GotoAsync("/dead-letters");
        var firstLetter = page.Locator("#dead-letters tbody tr a").First;
        await Expect(firstLetter).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Check(page, $"dead-letters-{width}");
        await firstLetter.ClickAsync();
        await Check(page, $"dead-letter-detail-{width}");
    }

    private static async Task Check(IPage page, string name)
    {
        await ConsolePages.ScreenshotAsync(page, name);
        await ConsolePages.AssertAccessibleAsync(page, name);
        // Nothing wider than the window: a phone scrolls tables inside their frame, never the whole page sideways.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name}: the page is {overflow} px wider than the window");
    }
}
