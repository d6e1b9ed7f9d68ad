using Knapscen.Sagas.Orchestrator.Api.DeadLetters;
using Knapscen.Sagas.Orchestrator.Api.Events;
using Knapscen.Sagas.Orchestrator.Api.Health;
using Knapscen.Sagas.Orchestrator.Api.Sagas;
using Knapscen.Sagas.Orchestrator.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Orchestrator.Api;

/// <summary>The HTTP admin API that <c>knapscen serve</c> hosts beside the orchestrator.</summary>
internal static class AdminApi
{
    /// <exception cref="Cli.OperatorException">The <c>Api</c> settings are invalid or would open the API to the network without a token.</exception>
    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        var settings = ApiSettings.From(builder.Configuration);
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.Services.AddSingleton(settings);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
        });
        builder.Services.AddApiSecurity();
        builder.Services.AddOrchestratorHealthChecks();
        builder.Services.AddEventEndpoints();
        return builder;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ApiSettings>();
        if (settings.Tokens.IsEmpty)
        {
            app.Logger.LogWarning(
                "No API token is configured: the admin API on {Urls} (loopback only) accepts every request as '{User}'. " +
                "Configure Api__Tokens__<name>__Token and Api__Tokens__<name>__Role for anything but local development.",
                string.Join(';', settings.Urls), BearerTokenHandler.LocalDeveloper);
        }

        // Errors without a body (401, 403, unmatched routes) get a problem-details body like every other error.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api").RequireAuthorization(ApiRoles.ReadPolicy);
        api.MapSagaQueryEndpoints();
        api.MapSagaCommandEndpoints();
        api.MapBulkCommandEndpoints();
        api.MapDeadLetterEndpoints();
        api.MapEventEndpoints();
        return app;
    }
}
