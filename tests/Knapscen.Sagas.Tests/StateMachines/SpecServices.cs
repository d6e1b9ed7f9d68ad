using Knapscen.Sagas.StateMachines;
using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.StateMachines;

/// <summary>What every saga spec stands on: the default step catalog, a fake clock, a recording launcher and outcome publisher.</summary>
internal static class SpecServices
{
    public static ServiceCollection Create()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "steps.json"))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
        services.AddSingleton<RecordingLauncher>();
        services.AddSingleton<IStepLauncher>(provider => provider.GetRequiredService<RecordingLauncher>());
        services.AddSingleton<IStepCanceller>(provider => provider.GetRequiredService<RecordingLauncher>());
        services.AddSingleton<RecordingOutcomes>();
        services.AddSingleton<IOnboardingOutcomePublisher>(provider => provider.GetRequiredService<RecordingOutcomes>());
        services.AddSingleton(new LaunchTokens(() => new byte[32]));
        services.AddLogging();
        services.AddOnboardingSagaServices(configuration);
        return services;
    }
}
