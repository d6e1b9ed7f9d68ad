using System.CommandLine;
using Knapscen.Sagas.Orchestrator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Orchestrator.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the orchestrator: NATS intake, onboarding saga, step launcher, HTTP admin API.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var app = ServeApplication.Build(ServeApplication.CreateBuilder([]));
            await using (app.ConfigureAwait(false))
            {
                await StartAsync(app, cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return KnapscenCli.Success;
        });
        return command;
    }

    /// <exception cref="OperatorException">An admin API address cannot be bound (in use, not allowed).</exception>
    private static async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await StopStartedServicesAsync(app).ConfigureAwait(false);
            if (exception is IOException && exception.Source?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true)
            {
                // Kestrel says which address and why: "Failed to bind to address http://127.0.0.1:8080: address already in use."
                throw new OperatorException($"Api:Urls (environment variable Api__Urls): {exception.Message}", exception);
            }

            throw;
        }
    }

    /// <summary>
    /// Services that did start (the intake) stop as on a normal shutdown, not as crashes with stack traces. A start that
    /// failed before any service ran cannot be stopped (the host throws); the start's own error is the one to report.
    /// </summary>
    private static async Task StopStartedServicesAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ArgumentNullException or InvalidOperationException or OperationCanceledException)
        {
            // Nothing had started.
        }
    }
}
