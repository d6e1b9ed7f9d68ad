using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Knapscen.Sagas.Orchestrator.Api.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (its dependencies do); both open, for probes.</summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddOrchestratorHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<MySqlHealthCheck>("mysql", tags: [ReadyTag])
            .AddCheck<NatsHealthCheck>("nats", tags: [ReadyTag])
            .AddCheck<StepLauncherHealthCheck>("step-launcher", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync })
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
