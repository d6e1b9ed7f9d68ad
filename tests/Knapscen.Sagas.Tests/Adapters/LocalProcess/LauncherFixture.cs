using Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;
using Knapscen.Sagas.StateMachines.Steps;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

/// <summary>A launcher writing into a private temp folder, plus helpers to build requests for shell one-liners.</summary>
internal sealed class LauncherFixture : IAsyncDisposable
{
    public LauncherFixture(Action<LocalProcessLauncherOptions>? configure = null, StepCatalogOptions? catalog = null)
    {
        Directory.CreateDirectory(Folder);
        var options = new LocalProcessLauncherOptions { LogDirectory = Path.Combine(Folder, "logs") };
        configure?.Invoke(options);
        Launcher = new LocalProcessStepLauncher(
            Options.Create(options),
            Options.Create(catalog ?? new StepCatalogOptions()),
            Publisher,
            NullLogger<LocalProcessStepLauncher>.Instance,
            TimeProvider.System);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "knapscen-launcher-tests", Guid.NewGuid().ToString("N"));

    public RecordingStepResultPublisher Publisher { get; } = new();

    public LocalProcessStepLauncher Launcher { get; }

    public static StepLaunchRequest Shell(
        string script,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string step = "probe",
        string? traceParent = null) =>
        Request(["sh", "-c", script], environment, timeout, step, traceParent);

    public static StepLaunchRequest Request(
        IReadOnlyList<string> command,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string step = "probe",
        string? traceParent = null,
        string image = "local/probe:latest")
    {
        var sagaId = Guid.NewGuid();
        return new StepLaunchRequest
        {
            SagaId = sagaId,
            Step = step,
            Attempt = 1,
            LaunchId = LaunchIds.For(sagaId, step, null, 1),
            Image = image,
            Command = command,
            Environment = environment ?? new Dictionary<string, string>(),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            TraceParent = traceParent,
        };
    }

    public async Task<StepResult> RunAsync(StepLaunchRequest request)
    {
        Assert.Equal(StepLaunchOutcome.Launched, await Launcher.LaunchAsync(request, CancellationToken.None));
        return await Publisher.WaitForAsync(request.LaunchId);
    }

    public string File(string name) => System.IO.Path.Combine(Folder, name);

    public async ValueTask DisposeAsync()
    {
        await Launcher.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
