using System.Text.Json;
using CloudNative.CloudEvents;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.CloudEvents;
using NATS.Client.Core;
using static Knapscen.Sagas.Tests.StepWorkers.RegisterUserStepTests;

namespace Knapscen.Sagas.Tests.StepWorkers;

[Trait("Tier", "integration")]
public sealed class ResultEventTests : IDisposable
{
    private readonly string outbox = Path.Combine(Path.GetTempPath(), "knapscen-outbox-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Register_customer_publishes_customer_saved_on_its_subject()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        var subject = "t" + Guid.NewGuid().ToString("N")[..10] + ".customer-saved";
        await using var nats = new NatsConnection(new NatsOpts { Url = onboarding.Database.NatsUrl });
        await using var subscription = await nats.SubscribeCoreAsync<byte[]>(subject);

        var run = await StepProcess.RunAsync("register-customer", WithNats(onboarding.Customer(), onboarding, subject));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Empty(run.Stderr);
        var received = await NextAsync(subscription);
        Assert.Equal(RegisterCustomerEventType, received.Type);
        Assert.Equal(onboarding.CustomerId, received.Subject);
        Assert.Equal("knapscen.disco", received.Source?.OriginalString);
        Assert.Equal($"customer-saved.{onboarding.CustomerId}", received.Id);
        var data = (JsonElement)received.Data!;
        Assert.Equal("TechCorp Solutions", data.GetProperty("name").GetString());
        Assert.Equal("far-out", data.GetProperty("subscription_tier").GetString());
        Assert.Equal("john.smith@techcorp.com", data.GetProperty("users")[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Every_forward_step_publishes_a_valid_result_event_with_the_same_id_on_a_rerun()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = await RegisteredCustomerAsync(database);
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10] + ".";
        var john = Onboarding.SampleUsers[0];
        (string Step, Dictionary<string, string> Environment, string Type, string DataField, string DataValue)[] steps =
        [
            ("register-customer", onboarding.Customer(), "disco.knapscen.customer.saved", "name", "TechCorp Solutions"),
            ("register-user", onboarding.User(john), "disco.knapscen.user.saved", "email", john.Email),
            ("send-welcome-email", onboarding.WelcomeEmail(john, outbox), "disco.knapscen.email.welcome.sent", "primary_email", john.Email),
            ("notify-marketing", onboarding.Marketing(), "disco.knapscen.marketing.notified", "customer_name", "TechCorp Solutions"),
            ("order-swag", onboarding.Swag(), "disco.knapscen.swag.ordered", "shipping_address", "123 Tech Street, San Francisco, CA 94105"),
            ("create-touchpoints", onboarding.Touchpoints(), "disco.knapscen.touchpoints.created", "welcome_outreach", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ];
        await using var nats = new NatsConnection(new NatsOpts { Url = onboarding.Database.NatsUrl });
        await using var subscription = await nats.SubscribeCoreAsync<byte[]>(prefix + ">");

        foreach (var (step, environment, type, field, value) in steps)
        {
            var subject = prefix + environment["NATS_SUBJECT"];
            var first = await StepProcess.RunInProcessAsync(step, WithNats(environment, onboarding, subject));
            var published = await NextAsync(subscription);
            var rerun = await StepProcess.RunInProcessAsync(step, WithNats(environment, onboarding, subject));
            var republished = await NextAsync(subscription);

            Assert.True(first.ExitCode == 0 && first.Stderr.Count == 0, $"{step}: {first.Describe()}");
            Assert.True(rerun.ExitCode == 0 && rerun.Stderr.Count == 0, $"{step}: {rerun.Describe()}");
            Assert.Equal(type, published.Type);
            Assert.Equal(onboarding.CustomerId, published.Subject);
            Assert.Equal(published.Id, republished.Id);
            Assert.Equal(value, ((JsonElement)published.Data!).GetProperty(field).GetString());
            // The orchestrator's intake would accept it, not dead-letter it.
            EventValidation.Validate(published, new IntakeOptions());
        }
    }

    [Fact]
    public async Task An_unreachable_nats_leaves_the_step_successful_with_one_warning_line()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        var environment = onboarding.Customer();
        environment["NATS_SERVER"] = "nats://knapscen:nats-Secret-9@127.0.0.1:1";

        var run = await StepProcess.RunAsync("register-customer", environment);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal([$"registered customer {onboarding.CustomerId} (TechCorp Solutions)"], run.Stdout);
        var warning = Assert.Single(run.Stderr);
        Assert.StartsWith("register-customer: warning: result event disco.knapscen.customer.saved not published to NATS at nats://127.0.0.1:1 on customer-saved: ", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("nats-Secret-9", warning, StringComparison.Ordinal);
        Assert.Equal(1, await onboarding.Database.CountAsync("SELECT COUNT(*) FROM corporate_customers"));
    }

    [Fact]
    public async Task Without_a_nats_subject_nothing_is_published_and_nothing_is_said()
    {
        await using var database = await StepWorkerDatabase.CreateAsync();
        var onboarding = new Onboarding(database);
        var environment = onboarding.Customer().Without("NATS_SUBJECT");
        environment["NATS_SERVER"] = "nats://127.0.0.1:1";

        var run = await StepProcess.RunInProcessAsync("register-customer", environment);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Empty(run.Stderr);
    }

    public void Dispose()
    {
        if (Directory.Exists(outbox))
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    private const string RegisterCustomerEventType = "disco.knapscen.customer.saved";

    private static Dictionary<string, string> WithNats(Dictionary<string, string> environment, Onboarding onboarding, string subject) =>
        environment.Set("NATS_SERVER", onboarding.Database.NatsUrl).Set("NATS_SUBJECT", subject);

    private static async Task<CloudEvent> NextAsync(INatsSub<byte[]> subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var message = await subscription.Msgs.ReadAsync(timeout.Token);
        Assert.Equal(message.Headers?["Nats-Msg-Id"].ToString(), new NatsCloudEventBinding().Decode(message.Headers, message.Data, 1 << 20).Id);
        return new NatsCloudEventBinding().Decode(message.Headers, message.Data, 1 << 20);
    }
}
