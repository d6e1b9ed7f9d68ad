using System.Text.Json.Nodes;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// Sends the welcome e-mail to one user: through SMTP when SMTP_SERVER is set, otherwise into the outbox folder
/// (EMAIL_OUTBOX_DIR), which is what the local defaults and tests use. Not compensated: an e-mail cannot be unsent.
/// </summary>
internal static class SendWelcomeEmailStep
{
    public const string EventType = "disco.knapscen.email.welcome.sent";

    public static async Task<StepOutcome> RunAsync(StepEnvironment environment, CancellationToken cancellationToken)
    {
        var customerId = environment.CustomerId();
        var customerName = environment.Required("CUSTOMER_NAME");
        var userName = environment.Required("USER_NAME");
        var address = environment.Required("USER_EMAIL");
        var role = environment.Optional("ROLE_NAME") ?? "generic_user";
        var template = environment.Required("EMAIL_TEMPLATE");
        var tier = environment.Optional("SUBSCRIPTION_TIER");
        var email = WelcomeEmail.Compose(customerId, customerName, userName, address, role, template, environment.Clock.GetUtcNow());

        string summary;
        if (SmtpDelivery.Server(environment) is { } server)
        {
            var endpoint = await SmtpDelivery.SendAsync(environment, server, email, cancellationToken).ConfigureAwait(false);
            summary = $"sent the {template} e-mail to {address} through SMTP server {endpoint}";
        }
        else
        {
            var (path, written) = await EmailOutbox.WriteAsync(EmailOutbox.Directory(environment), email, cancellationToken).ConfigureAwait(false);
            summary = written
                ? $"wrote the {template} e-mail to {address} to the outbox file {path} (SMTP_SERVER not set)"
                : $"the {template} e-mail to {address} was already in the outbox file {path} (SMTP_SERVER not set)";
        }

        var data = new JsonObject { ["customer_name"] = customerName, ["primary_email"] = address, ["subscription_tier"] = tier };
        var result = ResultEvents.Create(environment, EventType, $"welcome-email-sent.{customerId}.{ResultEvents.UserKey(address)}.{template}", customerId, data);
        return new StepOutcome(summary, result);
    }
}
