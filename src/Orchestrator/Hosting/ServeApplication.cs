using Knapscen.Sagas.Orchestrator.Api;
using Knapscen.Sagas.Orchestrator.Telemetry;
using Microsoft.AspNetCore.Builder;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary><c>knapscen serve</c>: the orchestrator and its admin API in one web application.</summary>
internal static class ServeApplication
{
    public static WebApplicationBuilder CreateBuilder(string[] args) => OrchestratorHost.CreateWebBuilder(args);

    /// <summary>Composes and builds; settings added to <paramref name="builder"/> before this call are honoured.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAdminApi().AddOrchestrator().AddMetricsEndpoint();
        var app = builder.Build().MapAdminApi();
        app.MapMetrics();
        return app;
    }
}
