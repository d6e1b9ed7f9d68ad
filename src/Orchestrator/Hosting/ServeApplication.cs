using Knapscen.Sagas.Orchestrator.Api;
using Knapscen.Sagas.Orchestrator.WebConsole;
using Knapscen.Sagas.Orchestrator.Telemetry;
using Microsoft.AspNetCore.Builder;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary><c>knapscen serve</c>: the orchestrator, its admin API and the operator console in one web application.</summary>
internal static class ServeApplication
{
    public static WebApplicationBuilder CreateBuilder(string[] args) => OrchestratorHost.CreateWebBuilder(args);

    /// <summary>Composes and builds; settings added to <paramref name="builder"/> before this call are honoured.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The console after the orchestrator: its key ring is read at start, after the migrations have made its table.
        builder.AddAdminApi().AddOrchestrator().AddOperatorConsole().AddMetricsEndpoint();
        var app = builder.Build().MapAdminApi().MapOperatorConsole();
        app.MapMetrics();
        return app;
    }
}
