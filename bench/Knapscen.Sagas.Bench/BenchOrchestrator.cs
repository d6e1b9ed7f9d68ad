using Knapscen.Sagas.Orchestrator.Hosting;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Knapscen.Sagas.Bench;

/// <summary>The real orchestrator composition in this process, with only what a mode needs changed.</summary>
internal static class BenchOrchestrator
{
    /// <summary>Steps succeed at once through <see cref="InstantStepLauncher"/>.</summary>
    public static Task<IHost> StartInstantAsync(BenchStack stack, BenchOptions options, LaunchRecorder recorder, CancellationToken cancellationToken) =>
        StartAsync(stack, options, _ => [], services =>
        {
            services.AddSingleton(recorder);
            // About ten launches per onboarding, over the warm-up and the passes.
            var passes = 1 + (options.HalfRatePass ? 1 : 0) + (options.PacedPass ? 1 : 0);
            services.AddSingleton(new LaunchIdSet((options.Warmup + ((long)passes * options.Onboardings)) * 11));
            services.Replace(ServiceDescriptor.Singleton<IStepLauncher, InstantStepLauncher>());
        }, cancellationToken);

    /// <summary>The intake workers a run has: --concurrency, or the orchestrator's own default.</summary>
    public static int WorkersOf(BenchOptions options) => options.Concurrency ?? new Knapscen.Sagas.Adapters.Nats.NatsOptions().Workers;

    /// <param name="settings">Settings of the mode, given the configuration read so far (steps.json included).</param>
    /// <param name="services">Changes to the orchestrator's services, applied after its own registrations.</param>
    public static async Task<IHost> StartAsync(
        BenchStack stack,
        BenchOptions options,
        Func<IConfiguration, IEnumerable<KeyValuePair<string, string?>>> settings,
        Action<IServiceCollection> services,
        CancellationToken cancellationToken)
    {
        var builder = OrchestratorHost.CreateBuilder([]);
        var values = new Dictionary<string, string?>
        {
            ["Nats:Url"] = stack.NatsUrl,
            ["Nats:SubjectPrefix"] = stack.SubjectPrefix,
            ["Database:ConnectionString"] = stack.ConnectionString,
            // One Information line per launch would make the console the bottleneck; production ships logs elsewhere.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (options.Concurrency is { } workers)
        {
            values["Nats:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in StepsWithoutOutputs.Settings(builder.Configuration).Concat(settings(builder.Configuration)))
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddOrchestrator();
        services(builder.Services);

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return host;
    }
}
