using System.Globalization;
using Knapscen.Sagas.Orchestrator.WebConsole.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.Orchestrator.WebConsole.Live;

/// <summary>
/// <c>GET /live?scope=…</c>: server-sent events telling an open console page that what it shows has changed; the
/// page's script then fetches the page again and swaps the changed regions in, without a reload.
/// </summary>
internal static partial class LiveEndpoints
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    // Proxies close idle connections; a comment line now and then keeps the stream open.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/live", StreamAsync).RequireAuthorization(ConsoleSignIn.ReadPolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task StreamAsync(
        HttpContext context, string? scope, ChangeStamps stamps, TimeProvider clock, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!LiveScope.TryParse(scope, out var liveScope))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"'{scope}' is not a live scope: sagas, saga:<id> or dead-letters", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        // Ends with the page or with the server, so a stopping server is not held by open pages.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var logger = loggers.CreateLogger(typeof(LiveEndpoints));
        string? last = null;
        var quietSince = clock.GetTimestamp();
        using var timer = new PeriodicTimer(Poll, clock);
        try
        {
            do
            {
                string stamp;
                try
                {
                    stamp = await stamps.ReadAsync(liveScope, stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database or NATS is away for a moment: the page keeps what it shows and the next poll tries again.
                    LogStampFailed(logger, e);
                    continue;
                }

                if (stamp != last)
                {
                    await context.Response.WriteAsync($"event: change\ndata: {stamp}\n\n", stop.Token).ConfigureAwait(false);
                    last = stamp;
                    quietSince = clock.GetTimestamp();
                }
                else if (clock.GetElapsedTime(quietSince) >= Heartbeat)
                {
                    await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $": alive\n\n"), stop.Token).ConfigureAwait(false);
                    quietSince = clock.GetTimestamp();
                }

                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The page closed or the server is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live console stamp could not be read; trying again")]
    private static partial void LogStampFailed(ILogger logger, Exception exception);
}
