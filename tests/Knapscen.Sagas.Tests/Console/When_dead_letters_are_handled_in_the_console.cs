using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Knapscen.Sagas.Tests.Console;

[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed class When_dead_letters_are_handled_in_the_console(ConsoleServe console)
{
    [Fact]
    public async Task Should_show_an_invalid_event_with_its_reason_and_run_its_saga_when_a_fixed_copy_is_replayed()
    {
        var sagaId = Guid.NewGuid();
        var invalid = Intake.InvalidEvents.SampleJson(sagaId).Replace("\"far-out\"", "\"platinum\"", StringComparison.Ordinal);
        await console.Serve.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(invalid));

        var page = await console.SignedInPageAsync(ConsoleServe.AdminToken);
        await page.GotoAsync("/dead-letters");
        await ConsolePages.MarkDocumentAsync(page);
        // The page was open before the intake got to the event: it appears without a reload.
        var row = page.Locator("#dead-letters tbody tr").Filter(new() { HasText = sagaId.ToString() });
        await Expect(row).ToContainTextAsync("subscription_tier", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("customer-registered");
        await ConsolePages.AssertNotReloadedAsync(page);
        await ConsolePages.ScreenshotAsync(page, "dead-letters");

        await row.Locator("a").First.ClickAsync();
        await Expect(page.Locator("#dead-letter-reason")).ToContainTextAsync("platinum");
        var body = page.GetByLabel("Body (edit to fix the event; replayed as shown)");
        await body.FillAsync((await body.InputValueAsync()).Replace("\"platinum\"", "\"basic\"", StringComparison.Ordinal));
        await ConsolePages.ScreenshotAsync(page, "dead-letter-detail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay this body" }).ClickAsync();

        await Expect(page.Locator("#dead-letter-answer")).ToContainTextAsync("replayed to");
        await console.WaitForStateAsync(sagaId, "Completed", TimeSpan.FromSeconds(120));
        await page.GotoAsync("/dead-letters");
        await Expect(page.Locator("#dead-letters tbody tr").Filter(new() { HasText = sagaId.ToString() })).ToHaveCountAsync(0);
    }
}
