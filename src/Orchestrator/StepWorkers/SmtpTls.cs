using MailKit.Security;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// SMTP_TLS: how much the welcome-email step insists on encryption before it sends SMTP_PASS and personal data.
/// The default keeps development servers such as MailHog (plain text only) working.
/// </summary>
internal static class SmtpTls
{
    public const string Variable = "SMTP_TLS";

    public static SecureSocketOptions Read(StepEnvironment environment) => environment.Optional(Variable)?.ToLowerInvariant() switch
    {
        null or "when-available" => SecureSocketOptions.StartTlsWhenAvailable,
        "required" => SecureSocketOptions.StartTls,
        "implicit" => SecureSocketOptions.SslOnConnect,
        var other => throw new StepFailedException($"{Variable} '{other}' is not one of when-available, required, implicit"),
    };
}
