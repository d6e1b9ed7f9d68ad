using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Knapscen.Sagas.Orchestrator.Api.Health;

/// <summary>
/// The report as JSON. An anonymous caller (a load balancer, anyone on the network) learns up or down only; a caller
/// with a valid token gets one entry per check, so an operator sees which dependency is down and why.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        object body = context.User.Identity?.IsAuthenticated == true
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
            }
            : new { status = report.Status.ToString() };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
