using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Knapscen.Sagas.Orchestrator.Api.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> against the configured tokens. The token's configured name becomes the
/// user name, so a saga's notes say which token asked. With no token configured (allowed on loopback only) every
/// caller is the local developer with the admin role.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    public const string LocalDeveloper = "local-development";

    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (settings.Tokens.IsEmpty)
        {
            return Task.FromResult(Success(LocalDeveloper, ApiRoles.Admin));
        }

        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // The failure message never repeats what was presented: it would put a mistyped secret in a log.
        return Task.FromResult(settings.Tokens.Find(header[Prefix.Length..].Trim()) is { } token
            ? Success(token.Name, token.Role)
            : AuthenticateResult.Fail("the bearer token is not one of the configured tokens"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = Request.Headers.Authorization.Count == 0
            ? SchemeName
            : $"{SchemeName} error=\"invalid_token\"";
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
