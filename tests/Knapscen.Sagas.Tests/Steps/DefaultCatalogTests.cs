using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Steps;

[Trait("Tier", "specs")]
public class DefaultCatalogTests
{
    private static readonly string[] SagaSteps =
    [
        "register-customer", "register-user", "send-welcome-email", "notify-marketing", "order-swag", "create-touchpoints",
        "delete-customer", "delete-user", "retract-marketing-notice", "cancel-swag-order", "delete-touchpoints",
    ];

    [Fact]
    public void Default_catalog_loads_and_validates()
    {
        using var provider = CatalogLoader.FromDefaultFile();

        CatalogLoader.ValidateAsAtStart(provider);

        var catalog = provider.GetRequiredService<IOptions<StepCatalogOptions>>().Value;
        Assert.Equal(SagaSteps.Order(StringComparer.Ordinal), catalog.Steps.Keys.Order(StringComparer.Ordinal));
        Assert.Null(catalog.Steps["send-welcome-email"].Compensation);
        Assert.Equal("delete-touchpoints", catalog.Steps["create-touchpoints"].Compensation);
        Assert.Equal(["knapscen-config"], catalog.Steps["register-customer"].EnvFrom);
        Assert.Equal(["knapscen-config"], catalog.Steps["notify-marketing"].EnvFrom);
        Assert.Equal(3, catalog.Steps["register-user"].Retry.MaxAttempts);
        Assert.Equal("256Mi", catalog.Steps["register-user"].Resources.Limits.Memory);
    }

    [Fact]
    public void Plan_for_the_sample_customer_fans_out_per_user_and_picks_the_account_owner()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var plan = provider.GetRequiredService<StepPlan>();
        var users = SampleSaga.Create().Users;

        Assert.Equal([null], plan.InstancesOf("register-customer", users));
        Assert.Equal([0, 1, 2], plan.InstancesOf("register-user", users));
        Assert.Equal([0, 1, 2], plan.InstancesOf("send-welcome-email", users));
        Assert.Equal([0], plan.InstancesOf("create-touchpoints", users));
        Assert.Equal(plan.InstancesOf("create-touchpoints", users), plan.InstancesOf("delete-touchpoints", users));
    }

    [Fact]
    public void Register_customer_reproduces_the_original_job_environment()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var factory = provider.GetRequiredService<StepRequestFactory>();

        var request = factory.Create(SampleSaga.Create(), "register-customer", userIndex: null, attempt: 1);

        Assert.Equal("ghcr.io/colinjlacy/knapscen-register-corporate-customer:latest", request.Image);
        Assert.Empty(request.Command);
        Assert.Equal(TimeSpan.FromSeconds(120), request.Timeout);
        Assert.Equal("register-customer-s-a1-550e8400e29b41d4a716446655440000", request.LaunchId);
        Assert.Equal(SampleSaga.Create().TraceParent, request.TraceParent);
        Assert.Equal("TechCorp Solutions", request.Environment["COMPANY_NAME"]);
        Assert.StartsWith("""{"name":"TechCorp Solutions","subscription_tier":"far-out","users":[""", request.Environment["COMPANY_DATA"], StringComparison.Ordinal);
        Assert.Equal("far-out", request.Environment["SUBSCRIPTION_TIER"]);
        Assert.Equal("evt-customer-20251004120000", request.Environment["EVENT_ID"]);
        Assert.Equal("2025-10-04T12:00:00Z", request.Environment["EVENT_TIME"]);
        // Its own result subject, not the choreography subject: what the container publishes there is bound to this launch.
        var token = new LaunchTokens(() => new byte[32]).For(SampleSaga.Create().CorrelationId, request.LaunchId);
        Assert.Equal($"knapscen.results.550e8400e29b41d4a716446655440000.{request.LaunchId}.{token}", request.Environment["NATS_SUBJECT"]);
        Assert.Equal(request.ResultSubject, request.Environment["NATS_SUBJECT"]);
        Assert.Equal("550e8400-e29b-41d4-a716-446655440000", request.Environment["CUSTOMER_ID"]);
    }

    [Fact]
    public void Per_user_steps_get_their_user_and_saga_level_counts()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var factory = provider.GetRequiredService<StepRequestFactory>();
        var saga = SampleSaga.WithCustomerRegistered();

        var user = factory.Create(saga, "register-user", userIndex: 2, attempt: 1);
        var email = factory.Create(saga, "send-welcome-email", userIndex: 0, attempt: 1);
        var marketing = factory.Create(saga, "notify-marketing", userIndex: null, attempt: 1);
        var swag = factory.Create(saga, "order-swag", userIndex: null, attempt: 1);

        Assert.Equal(("Jim Beam", "jim.beam@techcorp.com", "generic_user", user.ResultSubject), (user.Environment["USER_NAME"], user.Environment["USER_EMAIL"], user.Environment["ROLE_NAME"], user.Environment["NATS_SUBJECT"]));
        Assert.NotEqual(email.ResultSubject, user.ResultSubject);
        Assert.Equal("TechCorp Solutions", user.Environment["CUSTOMER_NAME"]);
        Assert.Equal("welcome", email.Environment["EMAIL_TEMPLATE"]);
        Assert.Equal("3", marketing.Environment["USER_COUNT"]);
        Assert.Equal("", swag.Environment["SHIPPING_ADDRESS"]);
    }

    [Fact]
    public void Later_steps_and_the_compensations_act_on_the_customer_id_register_customer_reported()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var factory = provider.GetRequiredService<StepRequestFactory>();
        var saga = SampleSaga.Create();
        const string created = "7d1f0c2e-9a4b-4c3d-8e5f-60718293a4b5";
        saga.Steps.Add(new StepRun
        {
            Step = "register-customer", Attempt = 1, Status = StepStatus.Succeeded,
            Output = new StepOutput("disco.knapscen.customer.saved", created, "a1b2c3d4", "knapscen/register-corporate-customer", null, DateTimeOffset.UnixEpoch),
        });

        Assert.True(provider.GetRequiredService<StepPlan>().RequiresOutput("register-customer"));
        foreach (var (step, userIndex) in new (string, int?)[]
                 {
                     ("register-user", 1), ("send-welcome-email", 0), ("notify-marketing", null), ("order-swag", null), ("create-touchpoints", 0),
                     ("delete-customer", null), ("delete-user", 1), ("retract-marketing-notice", null), ("cancel-swag-order", null), ("delete-touchpoints", 0),
                 })
        {
            Assert.Equal((step, created), (step, factory.Create(saga, step, userIndex, attempt: 1).Environment["CUSTOMER_ID"]));
        }
    }

    [Fact]
    public void Compensating_a_registration_that_reported_no_customer_leaves_delete_customer_only_the_saga()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var factory = provider.GetRequiredService<StepRequestFactory>();

        var request = factory.Create(SampleSaga.Create(), "delete-customer", userIndex: null, attempt: 1);

        Assert.Equal(("", SampleSaga.CustomerId.ToString("D")), (request.Environment["CUSTOMER_ID"], request.Environment["SAGA_ID"]));
    }

    [Fact]
    public void A_later_step_cannot_launch_before_register_customer_reported_its_customer()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var factory = provider.GetRequiredService<StepRequestFactory>();

        var error = Assert.Throws<StepLaunchException>(() => factory.Create(SampleSaga.Create(), "notify-marketing", userIndex: null, attempt: 1));

        Assert.Contains("step 'register-customer' has reported no output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Launching_with_the_wrong_instance_kind_is_refused()
    {
        using var provider = CatalogLoader.FromDefaultFile();
        var factory = provider.GetRequiredService<StepRequestFactory>();

        Assert.Throws<StepLaunchException>(() => factory.Create(SampleSaga.Create(), "register-user", userIndex: null, attempt: 1));
        Assert.Throws<StepLaunchException>(() => factory.Create(SampleSaga.Create(), "order-swag", userIndex: 0, attempt: 1));
        Assert.Throws<StepLaunchException>(() => factory.Create(SampleSaga.Create(), "no-such-step", userIndex: null, attempt: 1));
    }
}
