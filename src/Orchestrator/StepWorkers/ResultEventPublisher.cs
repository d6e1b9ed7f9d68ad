using System.Net.Sockets;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats.Publishing;
using NATS.Client.Core;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Announces a step's result on NATS_SUBJECT. The event is information for whoever listens (Job status is what the
/// orchestrator acts on), so a NATS that cannot be reached is reported, never a reason to fail the step.
/// </summary>
internal static class ResultEventPublisher
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <returns>Null when published or when there is nowhere to publish; otherwise why it was not published.</returns>
    public static async Task<string?> TryPublishAsync(StepEnvironment environment, CloudEvent resultEvent, CancellationToken cancellationToken)
    {
        if (environment.Optional("NATS_SERVER") is not { } server || environment.Optional("NATS_SUBJECT") is not { } subject)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = new NatsConnection(Options(environment, server));
            await CoreCloudEventPublisher.PublishStructuredAsync(connection, subject, resultEvent, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NatsException or SocketException or IOException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message.ReplaceLineEndings(" ");
            return $"warning: result event {resultEvent.Type} not published to NATS at {Redacted(server)} on {subject}: {reason}";
        }
    }

    private static NatsOpts Options(StepEnvironment environment, string server) => NatsOpts.Default with
    {
        Url = server,
        Name = "knapscen-step",
        ConnectTimeout = Timeout,
        // One attempt: a step is short-lived and must not spend its deadline reconnecting for an informational event.
        MaxReconnectRetry = 0,
        AuthOpts = environment.Optional("NATS_USER") is { } user
            ? NatsAuthOpts.Default with { Username = user, Password = environment.Optional("NATS_PASSWORD") }
            : NatsAuthOpts.Default,
    };

    /// <summary>A NATS URL may carry user:password; the stderr line must not.</summary>
    private static string Redacted(string server) =>
        Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? $"{uri.Scheme}://{uri.Host}:{uri.Port}"
            : server;
}
