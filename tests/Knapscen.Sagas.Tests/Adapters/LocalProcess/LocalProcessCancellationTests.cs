using Knapscen.Sagas.StateMachines.Steps;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

[Trait("Tier", "specs")]
public class LocalProcessCancellationTests
{
    [Fact]
    public async Task Cancelling_a_saga_kills_its_processes_only_and_reports_no_result_for_them()
    {
        await using var fixture = new LauncherFixture();
        var sagaId = Guid.NewGuid();
        var first = Sleeper(fixture, sagaId, "first");
        var second = Sleeper(fixture, sagaId, "second");
        var other = Sleeper(fixture, Guid.NewGuid(), "other");
        foreach (var request in new[] { first, second, other })
        {
            Assert.Equal(StepLaunchOutcome.Launched, await fixture.Launcher.LaunchAsync(request, CancellationToken.None));
        }

        // The pid files exist once each shell runs: only then is there something to kill.
        await Eventually.TrueAsync(
            () => Task.FromResult(new[] { first, second, other }.All(request => File.Exists(PidFile(fixture, request)))),
            TimeSpan.FromSeconds(10),
            "all three processes started");

        var cancelled = await fixture.Launcher.CancelSagaJobsAsync(sagaId, CancellationToken.None);

        Assert.Equal(2, cancelled);
        Assert.False(IsRunning(await PidOf(fixture, first)));
        Assert.False(IsRunning(await PidOf(fixture, second)));
        Assert.True(IsRunning(await PidOf(fixture, other)));
        Assert.Equal(0, await fixture.Launcher.CancelSagaJobsAsync(sagaId, CancellationToken.None));
        Assert.DoesNotContain(fixture.Publisher.Published, result => result.SagaId == sagaId);
    }

    private static StepLaunchRequest Sleeper(LauncherFixture fixture, Guid sagaId, string step)
    {
        var request = LauncherFixture.Shell("echo $$ > \"$PID_FILE.tmp\"; mv \"$PID_FILE.tmp\" \"$PID_FILE\"; exec sleep 60", step: step);
        request = request with
        {
            SagaId = sagaId,
            LaunchId = LaunchIds.For(sagaId, step, null, 1),
        };
        return request with { Environment = new Dictionary<string, string> { ["PID_FILE"] = PidFile(fixture, request) } };
    }

    private static string PidFile(LauncherFixture fixture, StepLaunchRequest request) => fixture.File(request.LaunchId + ".pid");

    private static async Task<int> PidOf(LauncherFixture fixture, StepLaunchRequest request) =>
        int.Parse((await File.ReadAllTextAsync(PidFile(fixture, request))).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A killed process may linger as a zombie until its parent reaps it: that counts as gone.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
