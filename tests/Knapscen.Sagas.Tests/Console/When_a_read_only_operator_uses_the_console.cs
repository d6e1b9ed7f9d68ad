using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Knapscen.Sagas.Tests.Console;

[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed class When_a_read_only_operator_uses_the_console(ConsoleServe console)
{
    [Fact]
    public async Task Should_see_sagas_but_no_action()
    {
        var sagaId = await console.PublishAsync("Read Only Viewed");
        await console.WaitForStateAsync(sagaId, "Completed", TimeSpan.FromSeconds(120));
        var page = await console.SignedInPageAsync(ConsoleServe.ReadOnlyToken);

        await page.GotoAsync("/sagas");
        await Expect(page.Locator($"tr[data-saga='{sagaId}']")).ToBeVisibleAsync();
        await Expect(page.GetByText("Act on sagas")).ToHaveCountAsync(0);
        await Expect(page.Locator("input[name=ids]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Publish" })).ToHaveCountAsync(0);

        await page.GotoAsync($"/sagas/{sagaId}");
        await Expect(page.Locator("#saga-state")).ToHaveTextAsync("Completed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToHaveCountAsync(0);

        await page.GotoAsync("/dead-letters");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Replay ticked" })).ToHaveCountAsync(0);

        var publish = await page.GotoAsync("/publish");
        Assert.DoesNotContain("/publish", publish!.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_a_read_only_token_posting_a_command_with_a_valid_form()
    {
        var sagaId = (await console.NeedsAttentionSagasAsync(1, "Read Only Post"))[0];
        var page = await console.SignedInPageAsync(ConsoleServe.ReadOnlyToken);
        await page.GotoAsync($"/sagas/{sagaId}");
        // A form the viewer is never shown, built with the page's own antiforgery token: the role still says no.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await page.APIRequest.PostAsync($"/sagas/{sagaId}?handler=Command", new()
        {
            Form = FormData(page, ("command", "cancel"), ("reason", "viewer tries"), ("__RequestVerificationToken", token ?? "")),
            MaxRedirects = 0,
        });

        Assert.NotEqual(HttpStatusCode.OK, (HttpStatusCode)response.Status);
        Assert.Equal("NeedsAttention", await console.StateAsync(sagaId));
    }

    [Fact]
    public async Task Should_refuse_a_forged_form_post_without_the_antiforgery_token_even_from_an_admin()
    {
        var sagaId = (await console.NeedsAttentionSagasAsync(1, "Forged Post"))[0];
        var page = await console.SignedInPageAsync(ConsoleServe.AdminToken);
        // The admin's cookie rides along, as it would on a cross-site form; the antiforgery token cannot.
        var response = await page.APIRequest.PostAsync($"/sagas/{sagaId}?handler=Command", new()
        {
            Form = FormData(page, ("command", "cancel"), ("reason", "forged")),
            MaxRedirects = 0,
        });

        Assert.Equal(HttpStatusCode.BadRequest, (HttpStatusCode)response.Status);
        Assert.Equal("NeedsAttention", await console.StateAsync(sagaId));
    }

    private static IFormData FormData(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
