using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Orchestrator.Api.Security;

internal static class ApiSecurityExtensions
{
    public static IServiceCollection AddApiSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.ReadPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin, ApiRoles.ReadOnly))
            .AddPolicy(ApiRoles.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin));
        return services;
    }
}
