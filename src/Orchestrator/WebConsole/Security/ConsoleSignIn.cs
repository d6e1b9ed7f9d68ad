using System.Security.Claims;
using Knapscen.Sagas.Orchestrator.Api;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Security;

/// <summary>
/// The console's sign-in: an API token exchanged for a cookie that carries the token's name and role (never the
/// secret). The cookie is checked against the configured tokens on every request, so removing a token or changing its
/// role signs its holders out.
/// </summary>
internal static class ConsoleSignIn
{
    public const string Scheme = "KnapscenConsole";

    public const string CookieName = "knapscen-console";

    public const string ReadPolicy = "console-read";

    public const string AdminPolicy = "console-admin";

    public static ClaimsPrincipal? Principal(ApiSettings settings, string? presentedToken)
    {
        if (settings.Tokens.IsEmpty)
        {
            return Create(BearerTokenHandler.LocalDeveloper, ApiRoles.Admin);
        }

        return string.IsNullOrWhiteSpace(presentedToken) || settings.Tokens.Find(presentedToken.Trim()) is not { } token
            ? null
            : Create(token.Name, token.Role);
    }

    public static Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<ApiSettings>();
        var name = context.Principal?.Identity?.Name;
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var stillValid = settings.Tokens.IsEmpty
            ? name == BearerTokenHandler.LocalDeveloper
            : settings.Tokens.Tokens.Any(token => token.Name == name && token.Role == role);
        if (!stillValid)
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(Scheme);
        }

        return Task.CompletedTask;
    }

    private static ClaimsPrincipal Create(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], Scheme));
}
