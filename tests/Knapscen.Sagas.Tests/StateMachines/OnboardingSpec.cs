using Knapscen.Sagas.StateMachines;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>
/// The onboarding machine on MassTransit's test harness (in-memory saga repository) with the default step catalog,
/// a fake clock, and a recording launcher: the spec plays the part of the Jobs and the deadline scanner.
/// </summary>
internal sealed class OnboardingSpec : IAsyncDisposable
{
    public static readonly IReadOnlyList<OnboardingUser> SampleUsers =
    [
        new("John Smith", "john.smith@techcorp.com", "customer_account_owner"),
        new("Jane Doe", "jane.doe@techcorp.com", "admin_user"),
        new("Jim Beam", "jim.beam@techcorp.com", "generic_user"),
    ];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ServiceProvider provider;

    private OnboardingSpec(ServiceProvider provider)
    {
        this.provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<CustomerOnboardingStateMachine, CustomerOnboardingState>();
    }

    public Guid SagaId { get; } = Guid.NewGuid();

    public FakeTimeProvider Clock => (FakeTimeProvider)provider.GetRequiredService<TimeProvider>();

    public RecordingLauncher Launcher => provider.GetRequiredService<RecordingLauncher>();

    public RecordingOutcomes Outcomes => provider.GetRequiredService<RecordingOutcomes>();

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<CustomerOnboardingStateMachine, CustomerOnboardingState> Saga { get; }

    public CustomerOnboardingState Instance => Saga.Sagas.Contains(SagaId) ?? throw new InvalidOperationException("no saga yet");

    /// <param name="configure">Changes to the spec's services, e.g. limits or a stand-in ledger.</param>
    public static async Task<OnboardingSpec> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var services = SpecServices.Create();
        configure?.Invoke(services);
        services.AddMassTransitTestHarness(bus => bus.AddOnboardingSaga().InMemoryRepository());
        // The harness gives up on a message after this much bus silence; on a loaded 2-core machine a consume can take
        // longer than its default. Every wait here expects the message, so a long limit costs nothing when things work.
        services.AddOptions<TestHarnessOptions>().Configure(options => options.TestInactivityTimeout = TimeSpan.FromSeconds(15));
        var provider = services.BuildServiceProvider(validateScopes: true);
        var spec = new OnboardingSpec(provider);
        await spec.Harness.Start();
        return spec;
    }

    public async Task RegisterAsync(IReadOnlyList<OnboardingUser>? users = null, string? traceParent = null)
    {
        var message = new CustomerRegistered
        {
            CustomerId = SagaId,
            CustomerName = "TechCorp Solutions",
            SubscriptionTier = "far-out",
            Users = users ?? SampleUsers,
            DataJson = """{"name":"TechCorp Solutions","subscription_tier":"far-out","users":[]}""",
            EventId = $"evt-{SagaId:N}-{Guid.NewGuid():N}",
            EventSource = "knapscen.disco",
            EventTime = Clock.GetUtcNow(),
            TraceParent = traceParent,
        };
        await Harness.Bus.Publish(message);
        Assert.True(await Saga.Consumed.Any<CustomerRegistered>(x => x.Context.Message.EventId == message.EventId), "registration not consumed");
    }

    public Task SucceedAsync(string step, int? userIndex = null) => ReportAsync(Launcher.Latest(step, userIndex), succeeded: true);

    public Task FailAsync(string step, int? userIndex = null, string reason = "exit code 1") => ReportAsync(Launcher.Latest(step, userIndex), succeeded: false, reason);

    public async Task ReportAsync(StepLaunchRequest launch, bool succeeded, string reason = "exit code 1")
    {
        Launcher.Reported.Add(launch.LaunchId);
        var marker = Guid.NewGuid();
        if (succeeded && provider.GetRequiredService<StepPlan>().RequiresOutput(launch.Step))
        {
            await ReportOutputAsync(launch);
        }

        if (succeeded)
        {
            await Harness.Bus.Publish(new StepSucceeded { SagaId = SagaId, Step = launch.Step, UserIndex = launch.UserIndex, Attempt = launch.Attempt, LaunchId = launch.LaunchId }, context => context.MessageId = marker);
        }
        else
        {
            await Harness.Bus.Publish(new StepFailed { SagaId = SagaId, Step = launch.Step, UserIndex = launch.UserIndex, Attempt = launch.Attempt, LaunchId = launch.LaunchId, Reason = reason }, context => context.MessageId = marker);
        }

        Assert.True(await Saga.Consumed.Any(x => x.Context.MessageId == marker), $"result for {launch.LaunchId} not consumed");
    }

    /// <summary>What a built-in step publishes on its result subject before it exits: its result event, subject = the saga's customer id.</summary>
    private async Task ReportOutputAsync(StepLaunchRequest launch)
    {
        var marker = Guid.NewGuid();
        await Harness.Bus.Publish(
            CustomerSavedOutput(SagaId, launch),
            context => context.MessageId = marker);
        Assert.True(await Saga.Consumed.Any(x => x.Context.MessageId == marker), $"output of {launch.LaunchId} not consumed");
    }

    /// <summary>What the built-in register-customer reports: the customer it saved, under the saga's id.</summary>
    public static StepOutputReported CustomerSavedOutput(Guid sagaId, StepLaunchRequest launch) =>
        new() { SagaId = sagaId, LaunchId = launch.LaunchId, Type = "disco.knapscen.customer.saved", Subject = sagaId.ToString("D"), Id = $"customer-saved.{sagaId:D}", Source = "knapscen.disco" };

    /// <summary>Moves the clock and fires the deadlines, as the scanner would.</summary>
    public async Task ElapseAsync(TimeSpan time)
    {
        Clock.Advance(time);
        var marker = Guid.NewGuid();
        await Harness.Bus.Publish(new DeadlinesDue { SagaId = SagaId }, context => context.MessageId = marker);
        Assert.True(await Saga.Consumed.Any(x => x.Context.MessageId == marker), "deadlines not consumed");
    }

    /// <summary>Completes every step of the forward path up to (not including) <paramref name="stopBefore"/>.</summary>
    public async Task SucceedForwardAsync(string? stopBefore = null)
    {
        foreach (var phase in new[] { new[] { StepNames.RegisterCustomer }, [StepNames.RegisterUser], [StepNames.SendWelcomeEmail, StepNames.NotifyMarketing, StepNames.OrderSwag], [StepNames.CreateTouchpoints] })
        {
            foreach (var step in phase)
            {
                if (step == stopBefore)
                {
                    return;
                }

                foreach (var run in Instance.Steps.Where(run => run.Step == step && run.Status == StepStatus.Running).ToList())
                {
                    // Distinct finish times make "reverse order" of compensation well defined.
                    Clock.Advance(TimeSpan.FromSeconds(1));
                    await SucceedAsync(step, run.UserIndex);
                }
            }
        }
    }

    /// <summary>Fails every attempt the policy allows, letting each retry backoff elapse.</summary>
    public async Task FailForGoodAsync(string step, int? userIndex, int attempts)
    {
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await FailAsync(step, userIndex, $"attempt {attempt} failed");
            if (attempt < attempts)
            {
                await ElapseAsync(TimeSpan.FromSeconds(61));
            }
        }
    }

    public async Task<Response<SagaCommandAccepted, SagaCommandRefused, SagaNotFound>> SendAsync<T>(T command)
        where T : OperatorCommand
    {
        var client = Harness.GetRequestClient<T>();
        return await client.GetResponse<SagaCommandAccepted, SagaCommandRefused, SagaNotFound>(command, timeout: RequestTimeout.After(s: 30));
    }

    public string State => Instance.CurrentState;

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await provider.DisposeAsync();
    }
}
