using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// The welcome e-mail for one user. Its key (customer, address, template) names the outbox file and the Message-ID,
/// so a rerun finds the earlier message and a receiving server can recognise a second SMTP delivery.
/// </summary>
internal sealed class WelcomeEmail
{
    public const string Sender = "onboarding@knapscen.disco";

    private static readonly IReadOnlyDictionary<string, string> Templates = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["welcome"] = "Welcome to Knapscen",
    };

    private WelcomeEmail(string key, MimeMessage message)
    {
        Key = key;
        Message = message;
    }

    /// <summary>File-name safe and stable: e-mail addresses may hold characters no file system likes.</summary>
    public string Key { get; }

    public MimeMessage Message { get; }

    public static WelcomeEmail Compose(string customerId, string customerName, string userName, string email, string role, string template, DateTimeOffset date)
    {
        if (!Templates.TryGetValue(template, out var subject))
        {
            throw new StepFailedException($"email template '{template}' does not exist (known: {string.Join(", ", Templates.Keys)})");
        }

        if (!MailboxAddress.TryParse(email, out var recipient) || !recipient.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new StepFailedException($"USER_EMAIL '{email}' is not an e-mail address");
        }

        recipient.Name = userName;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{customerId}\n{ResultEvents.UserKey(email)}\n{template}")))[..24];
        var key = $"{template}-{customerId}-{hash}";
        var message = new MimeMessage
        {
            Subject = $"{subject}, {userName}",
            Date = date,
            MessageId = $"{key}@knapscen.disco",
            Body = new TextPart("plain") { Text = Body(customerName, userName, role) },
        };
        message.From.Add(new MailboxAddress("Knapscen Onboarding", Sender));
        message.To.Add(recipient);
        return new WelcomeEmail(key, message);
    }

    private static string Body(string customerName, string userName, string role) => $"""
        Hello {userName},

        {customerName} is now on Knapscen, and your account is ready ({RoleText(role)}).
        Our team will reach out shortly to help you get started.

        The Knapscen onboarding team
        """;

    private static string RoleText(string role) => role switch
    {
        "customer_account_owner" => "you are the account owner",
        "admin_user" => "you are an administrator",
        _ => "you are a user",
    };
}
