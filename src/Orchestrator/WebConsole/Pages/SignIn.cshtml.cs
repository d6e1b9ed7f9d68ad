using Knapscen.Sagas.Orchestrator.Api;
using Knapscen.Sagas.Orchestrator.WebConsole.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Pages;

internal sealed class SignInModel(ApiSettings settings) : PageModel
{
    public string? Error { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public bool NoTokens => settings.Tokens.IsEmpty;

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? token, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (ConsoleSignIn.Principal(settings, token) is not { } principal)
        {
            // Never repeats what was typed: a mistyped secret stays out of the page and the logs.
            Error = "That token is not one of the configured API tokens.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleSignIn.Scheme, principal, new AuthenticationProperties { IsPersistent = true });
        return LocalRedirect(ReturnUrl);
    }

    // Only paths on this server: an absolute address here would make the sign-in page an open redirect.
    private string SafeReturnUrl(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
