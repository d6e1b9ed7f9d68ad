using static Knapscen.Sagas.Tests.StepWorkers.RegisterCustomerStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public sealed class SendWelcomeEmailStepTests : IDisposable
{
    private static readonly (string Name, string Email, string Role) Jane = Onboarding.SampleUsers[1];
    private readonly string outbox = Path.Combine(Path.GetTempPath(), "knapscen-outbox-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_smtp_writes_one_eml_file_and_a_rerun_writes_nothing()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var first = await StepProcess.RunAsync("send-welcome-email", onboarding.WelcomeEmail(Jane, outbox));
        var file = Assert.Single(Directory.GetFiles(outbox));
        var written = await File.ReadAllTextAsync(file);
        var second = await StepProcess.RunAsync("send-welcome-email", onboarding.WelcomeEmail(Jane, outbox));

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal([$"wrote the welcome e-mail to jane.doe@techcorp.com to the outbox file {file} (SMTP_SERVER not set)"], first.Stdout);
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Equal([$"the welcome e-mail to jane.doe@techcorp.com was already in the outbox file {file} (SMTP_SERVER not set)"], second.Stdout);
        Assert.Equal([file], Directory.GetFiles(outbox));
        Assert.Equal(written, await File.ReadAllTextAsync(file));
        Assert.Contains("To: Jane Doe <jane.doe@techcorp.com>", written, StringComparison.Ordinal);
        Assert.Contains("Subject: Welcome to Knapscen, Jane Doe", written, StringComparison.Ordinal);
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_smtp_sends_the_message_through_the_server_and_writes_no_file()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        await using var smtp = new FakeSmtpServer();
        var environment = onboarding.WelcomeEmail(Jane, outbox)
            .Set("SMTP_SERVER", "127.0.0.1").Set("SMTP_PORT", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("SMTP_USER", "admin").Set("SMTP_PASS", "smtp-Secret-7");

        var run = await StepProcess.RunAsync("send-welcome-email", environment);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal([$"sent the welcome e-mail to jane.doe@techcorp.com through SMTP server 127.0.0.1:{smtp.Port}"], run.Stdout);
        var message = Assert.Single(smtp.Messages);
        Assert.Contains("To: Jane Doe <jane.doe@techcorp.com>", message, StringComparison.Ordinal);
        Assert.Contains($"Message-Id: <welcome-{onboarding.CustomerId}-", message, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(outbox));
    }

    [Fact]
    public async Task With_smtp_tls_required_a_server_without_starttls_never_sees_auth()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        await using var smtp = new FakeSmtpServer(offersAuth: true);
        var environment = onboarding.WelcomeEmail(Jane, outbox)
            .Set("SMTP_SERVER", "127.0.0.1").Set("SMTP_PORT", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("SMTP_USER", "admin").Set("SMTP_PASS", "smtp-Secret-7").Set("SMTP_TLS", "required");

        var run = await StepProcess.RunAsync("send-welcome-email", environment);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr);
        Assert.Equal(
            $"send-welcome-email: SMTP server 127.0.0.1:{smtp.Port} does not offer STARTTLS and SMTP_TLS is 'required': not authenticating or sending in plain text",
            line);
        Assert.Contains("EHLO", smtp.Verbs);
        Assert.DoesNotContain("AUTH", smtp.Verbs);
        Assert.Empty(smtp.Messages);
        Assert.False(Directory.Exists(outbox));
    }

    [Fact]
    public async Task Without_smtp_tls_the_same_server_gets_auth_so_the_required_test_can_fail()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        await using var smtp = new FakeSmtpServer(offersAuth: true);
        var environment = onboarding.WelcomeEmail(Jane, outbox)
            .Set("SMTP_SERVER", "127.0.0.1").Set("SMTP_PORT", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("SMTP_USER", "admin").Set("SMTP_PASS", "smtp-Secret-7");

        var run = await StepProcess.RunInProcessAsync("send-welcome-email", environment);
        var badSetting = await StepProcess.RunInProcessAsync("send-welcome-email", environment.Set("SMTP_TLS", "maybe"));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("AUTH", smtp.Verbs);
        Assert.Single(smtp.Messages);
        AssertFailed(badSetting, "send-welcome-email: SMTP_TLS 'maybe' is not one of when-available, required, implicit");
    }

    [Fact]
    public async Task Another_user_or_customer_gets_a_file_of_its_own()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var one = new Onboarding(database);
        var another = new Onboarding(database);

        await StepProcess.RunInProcessAsync("send-welcome-email", one.WelcomeEmail(Jane, outbox));
        await StepProcess.RunInProcessAsync("send-welcome-email", one.WelcomeEmail(Onboarding.SampleUsers[2], outbox));
        await StepProcess.RunInProcessAsync("send-welcome-email", another.WelcomeEmail(Jane, outbox));

        Assert.Equal(3, Directory.GetFiles(outbox, "*.eml").Length);
    }

    [Fact]
    public async Task Bad_input_and_an_unreachable_smtp_server_fail()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);

        var unknownTemplate = await StepProcess.RunAsync("send-welcome-email", onboarding.WelcomeEmail(Jane, outbox).Set("EMAIL_TEMPLATE", "farewell"));
        var badAddress = await StepProcess.RunInProcessAsync("send-welcome-email", onboarding.WelcomeEmail(Jane, outbox).Set("USER_EMAIL", "nobody"));
        var noSmtp = await StepProcess.RunInProcessAsync(
            "send-welcome-email", onboarding.WelcomeEmail(Jane, outbox).Set("SMTP_SERVER", "127.0.0.1").Set("SMTP_PORT", "1").Set("SMTP_PASS", "smtp-Secret-7"));

        AssertFailed(unknownTemplate, "send-welcome-email: email template 'farewell' does not exist (known: welcome)");
        AssertFailed(badAddress, "send-welcome-email: USER_EMAIL 'nobody' is not an e-mail address");
        Assert.Equal(1, noSmtp.ExitCode);
        var line = Assert.Single(noSmtp.Stderr);
        Assert.StartsWith("send-welcome-email: cannot send the e-mail through SMTP server 127.0.0.1:1: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-Secret-7", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outbox));
    }

    public void Dispose()
    {
        if (Directory.Exists(outbox))
        {
            Directory.Delete(outbox, recursive: true);
        }
    }
}
