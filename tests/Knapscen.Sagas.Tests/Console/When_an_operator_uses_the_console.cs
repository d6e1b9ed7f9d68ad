using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Knapscen.Sagas.Tests.Console;

[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed class When_an_operator_uses_the_console(ConsoleServe console)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_publish_from_the_form_and_show_the_saga_reach_Completed_without_reloading()
    {
        var page = await console.SignedInPageAsync(ConsoleServe.AdminToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "Publish" }).ClickAsync();
        await page.GetByLabel("Company name").FillAsync("Form Published Ltd");
        await page.GetByLabel("Subscription tier").SelectOptionAsync("groovy");
        await page.GetByLabel("User 1 name").FillAsync("Ada Form");
        await page.GetByLabel("User 1 e-mail").FillAsync("ada@form.example");
        await page.GetByLabel("User 2 name").FillAsync("Bob Form");
        await page.GetByLabel("User 2 e-mail").FillAsync("bob@form.example");
        await ConsolePages.ScreenshotAsync(page, "publish");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/sagas/", StringComparison.Ordinal));
        var sagaId = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await ConsolePages.MarkDocumentAsync(page);
        await Expect(page.Locator("#saga-state")).ToHaveTextAsync("Completed", new() { Timeout = (float)SagaTimeout.TotalMilliseconds });
        await ConsolePages.AssertNotReloadedAsync(page);

        Assert.Equal("Completed", await console.StateAsync(sagaId));
        await Expect(page.Locator(".timeline .bar.Succeeded").First).ToBeVisibleAsync();
        await ConsolePages.ScreenshotAsync(page, "saga-detail");
    }

    [Fact]
    public async Task Should_find_a_saga_that_needs_attention_through_the_stuck_filter_and_retry_it_with_a_reason()
    {
        var sagaId = (await console.NeedsAttentionSagasAsync(1, "Stuck Single"))[0];
        var page = await console.SignedInPageAsync(ConsoleServe.AdminToken);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "stuck sagas" }).ClickAsync();
        await Expect(page.GetByLabel("Stuck only")).ToBeCheckedAsync();
        await page.Locator($"tr[data-saga='{sagaId}'] a").First.ClickAsync();

        await Expect(page.Locator("#saga-state")).ToHaveTextAsync("NeedsAttention");
        await Expect(page.Locator("#trace-link")).ToHaveAttributeAsync("href", $"http://jaeger.example:16686/trace/{ConsoleServe.TraceId(sagaId)}");
        await ConsolePages.ScreenshotAsync(page, "saga-needs-attention");
        await page.GetByLabel("Reason (kept in the saga's notes with your name)").FillAsync("register-user fixed, ticket OPS-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true }).ClickAsync();

        await Expect(page.Locator("#command-answer")).ToContainTextAsync("Retry");
        await Expect(page.Locator("#saga-state")).ToHaveTextAsync("Completed", new() { Timeout = (float)SagaTimeout.TotalMilliseconds });
        var note = page.Locator("#notes li").Filter(new() { HasText = "OPS-42" });
        await Expect(note).ToContainTextAsync("retry");
        await Expect(note).ToContainTextAsync("by ops");
        await Expect(note).ToContainTextAsync("register-user fixed, ticket OPS-42");
    }

    [Fact]
    public async Task Should_retry_twenty_sagas_that_need_attention_with_one_action_and_show_each_answer()
    {
        var company = "Bulk " + Guid.NewGuid().ToString("N")[..6];
        var sagaIds = await console.NeedsAttentionSagasAsync(20, company);
        var page = await console.SignedInPageAsync(ConsoleServe.AdminToken);
        await page.GotoAsync($"/sagas?state=NeedsAttention&customer={Uri.EscapeDataString(company)}");
        await Expect(page.Locator("#saga-list tbody tr")).ToHaveCountAsync(20);
        await ConsolePages.ScreenshotAsync(page, "saga-list");

        await page.GetByLabel("Action").SelectOptionAsync("retry");
        await page.GetByLabel("Reason (kept in each saga's notes)").FillAsync("bulk retry after the register-user fix");
        await page.GetByLabel("Every saga matching the filter").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to the sagas" }).ClickAsync();

        var answers = page.Locator("#bulk-answers tbody tr");
        await Expect(answers).ToHaveCountAsync(20);
        await Expect(page.Locator("#answers-heading")).ToContainTextAsync("20 done");
        foreach (var sagaId in sagaIds)
        {
            await Expect(page.Locator($"#bulk-answers tr[data-saga='{sagaId}']")).ToContainTextAsync("done");
        }

        await ConsolePages.ScreenshotAsync(page, "bulk-answers");
        await ConsolePages.MarkDocumentAsync(page);
        foreach (var sagaId in sagaIds)
        {
            await console.WaitForStateAsync(sagaId, "Completed", SagaTimeout);
        }

        // The list keeps its filter while it updates live: none of these sagas needs attention any more.
        await Expect(page.Locator("#saga-list")).ToContainTextAsync("0 sagas match", new() { Timeout = 30_000 });
        await ConsolePages.AssertNotReloadedAsync(page);
    }
}
