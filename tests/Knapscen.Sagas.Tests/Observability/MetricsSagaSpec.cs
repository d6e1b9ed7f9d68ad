using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Model;
using Knapscen.Sagas.Persistence.Repository;
using Knapscen.Sagas.StateMachines;
using Knapscen.Sagas.StateMachines.Contracts;
using Knapscen.Sagas.StateMachines.Onboarding;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.StateMachines.Telemetry;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.StateMachines;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.Observability;

/// <summary>
/// The real onboarding machine on the MySQL saga repository (where metrics are recorded, after commit) behind the
/// mediator, with a fake clock and a recording launcher; the spec plays the Jobs and the deadline scanner. Its
/// metrics container is its own, so <see cref="Metrics"/> sees this spec's sagas only.
/// </summary>
internal sealed class MetricsSagaSpec : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ServiceProvider provider;

    private readonly TestDatabase database;

    private MetricsSagaSpec(ServiceProvider provider, TestDatabase database)
    {
        this.provider = provider;
        this.database = database;
        Metrics = new MetricRecorder(provider.GetRequiredService<OnboardingMetrics>().Meter);
    }

    public Guid SagaId { get; } = Guid.NewGuid();

    public MetricRecorder Metrics { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)provider.GetRequiredService<TimeProvider>();

    public RecordingLauncher Launcher => provider.GetRequiredService<RecordingLauncher>();

    public static async Task<MetricsSagaSpec> StartAsync(ISagaCommitHook? commitHook = null)
    {
        var database = await TestDatabase.CreateAsync();
        var connectionString = database.ConnectionString;
        var services = SpecServices.Create();
        // No backoff: a retry delay on the fake clock would wait for a clock nobody moves.
        services.AddSingleton(new SagaRetryOptions { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });
        if (commitHook is not null)
        {
            services.AddSingleton(commitHook);
        }

        services.AddKnapscenPersistence(connectionString);
        services.AddMediator(mediator => mediator.AddOnboardingSaga().MySqlRepository());
        return new MetricsSagaSpec(services.BuildServiceProvider(validateScopes: true), database);
    }

    public Task RegisterAsync(string? eventId = null) =>
        SendAsync(
            new CustomerRegistered
            {
                CustomerId = SagaId,
                CustomerName = "TechCorp Solutions",
                SubscriptionTier = "far-out",
                Users = OnboardingSpec.SampleUsers,
                DataJson = """{"name":"TechCorp Solutions","subscription_tier":"far-out","users":[]}""",
                EventId = eventId ?? $"evt-{Guid.NewGuid():N}",
                EventSource = "knapscen.disco",
                EventTime = Clock.GetUtcNow(),
            },
            eventId);

    public Task SucceedAsync(string step, int? userIndex = null) => SucceedAsync(Launcher.Latest(step, userIndex));

    public async Task SucceedAsync(StepLaunchRequest launch)
    {
        // A container reports its output once; a repeated result (a Job status seen again) comes without one.
        var firstReport = !Launcher.Reported.Contains(launch.LaunchId);
        Launcher.Reported.Add(launch.LaunchId);
        if (firstReport && provider.GetRequiredService<StepPlan>().RequiresOutput(launch.Step))
        {
            await SendAsync(OnboardingSpec.CustomerSavedOutput(SagaId, launch), $"{launch.LaunchId}.output");
        }

        await SendAsync(new StepSucceeded { SagaId = SagaId, Step = launch.Step, UserIndex = launch.UserIndex, Attempt = launch.Attempt, LaunchId = launch.LaunchId });
    }

    public Task FailAsync(string step, string reason)
    {
        var launch = Launcher.Latest(step);
        Launcher.Reported.Add(launch.LaunchId);
        return SendAsync(new StepFailed { SagaId = SagaId, Step = launch.Step, UserIndex = launch.UserIndex, Attempt = launch.Attempt, LaunchId = launch.LaunchId, Reason = reason });
    }

    /// <summary>Moves the clock and fires the deadlines, as the scanner would.</summary>
    public Task ElapseAsync(TimeSpan time)
    {
        Clock.Advance(time);
        return SendAsync(new DeadlinesDue { SagaId = SagaId });
    }

    public async Task<CustomerOnboardingState> ReadAsync()
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagaDbContext>();
        return await db.OnboardingSagas.AsNoTracking().SingleAsync(saga => saga.CorrelationId == SagaId).WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        await provider.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <param name="eventId">Set: sent as the intake would, so the inbox sees the event's identity.</param>
    private async Task SendAsync<T>(T message, string? eventId = null)
        where T : class
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IScopedMediator>()
            .Send(message, context =>
            {
                if (eventId is not null)
                {
                    context.Headers.Set(IntakeHeaders.EventSource, "knapscen.disco");
                    context.Headers.Set(IntakeHeaders.EventId, eventId);
                    context.Headers.Set(IntakeHeaders.EventType, typeof(T).Name);
                }
            })
            .WaitAsync(Timeout);
    }
}
