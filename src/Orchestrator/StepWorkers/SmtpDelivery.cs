using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Sends through the SMTP server of the knapscen-config secret (SMTP_SERVER, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_TLS).
/// </summary>
internal static class SmtpDelivery
{
    public static string? Server(StepEnvironment environment) => environment.Optional("SMTP_SERVER");

    public static async Task<string> SendAsync(StepEnvironment environment, string server, WelcomeEmail email, CancellationToken cancellationToken)
    {
        var port = Port(environment);
        var endpoint = $"{server}:{port.ToString(CultureInfo.InvariantCulture)}";
        var tls = SmtpTls.Read(environment);
        using var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(server, port, tls, cancellationToken).ConfigureAwait(false);
            if (environment.Optional("SMTP_USER") is { } user && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            {
                await client.AuthenticateAsync(user, environment.Optional("SMTP_PASS") ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(email.Message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return endpoint;
        }
        catch (NotSupportedException) when (tls == SecureSocketOptions.StartTls)
        {
            // MailKit's answer when STARTTLS is demanded of a server that does not offer it: nothing was sent, no AUTH.
            throw new StepFailedException($"SMTP server {endpoint} does not offer STARTTLS and SMTP_TLS is 'required': not authenticating or sending in plain text");
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpCommandException or SmtpProtocolException
                                      or AuthenticationException or SslHandshakeException or ServiceNotConnectedException or TimeoutException)
        {
            throw new StepFailedException($"cannot send the e-mail through SMTP server {endpoint}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static int Port(StepEnvironment environment)
    {
        var value = environment.Optional("SMTP_PORT");
        if (value is null)
        {
            return 25;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new StepFailedException($"SMTP_PORT '{value}' is not a port number");
    }
}
