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

        // Authentication brings ASP.NET Core's data protection, whose key ring warns at every start of a container
        // (read-only, no home) that its keys live in memory only. The API issues no cookie or antiforgery token, so
        // nothing it protects outlives the process: the warnings would only mislead an operator.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
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

        // With port 0 (tests, several instances on one machine) only the server knows the port it got: say it.
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation("Admin API listening on {Urls}", string.Join(';', app.Urls)));
        // The configuration said loopback; what Kestrel really bound (ASPNETCORE_URLS, ports, endpoints) is checked too.
        app.Lifetime.ApplicationStarted.Register(() => RefuseOpenAnonymousApi(app, settings));

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

    private static void RefuseOpenAnonymousApi(WebApplication app, ApiSettings settings)
    {
        var bound = app.Urls.ToList();
        if (!settings.Tokens.IsEmpty || bound.All(ListenUrls.IsLoopback))
        {
            return;
        }

        app.Logger.LogCritical(
            "The admin API is bound to {Urls}, reachable from other machines, and no API token is configured: stopping. " +
            "Configure Api__Tokens__<name>__Token and Api__Tokens__<name>__Role, or bind to loopback only.",
            string.Join(';', bound));
        Environment.ExitCode = 1;
        app.Lifetime.StopApplication();
    }
}
