using System.Diagnostics;
using Knapscen.Sagas.Adapters.Kubernetes.LocalProcess;
using Knapscen.Sagas.StateMachines.Steps;

namespace Knapscen.Sagas.Tests.Adapters.LocalProcess;

[Trait("Tier", "specs")]
public class LocalProcessStepLauncherTests
{
    [Fact]
    public async Task A_successful_process_reports_success_and_leaves_its_output_in_the_log()
    {
        await using var fixture = new LauncherFixture();
        var request = LauncherFixture.Shell("echo \"hello $GREETING\"; echo careful >&2", new Dictionary<string, string> { ["GREETING"] = "world" });

        var result = await fixture.RunAsync(request);

        Assert.True(result.Succeeded);
        Assert.Null(result.Error);
        Assert.Equal((request.SagaId, request.Step, request.Attempt, request.LaunchId), (result.SagaId, result.Step, result.Attempt, result.LaunchId));
        var log = await File.ReadAllTextAsync(Path.Combine(fixture.Folder, "logs", request.LaunchId + ".log"));
        Assert.Contains("[out] hello world", log, StringComparison.Ordinal);
        Assert.Contains("[err] careful", log, StringComparison.Ordinal);
        Assert.Equal("local-process", fixture.Launcher.Name);
    }

    [Fact]
    public async Task A_failing_process_reports_its_last_non_empty_stderr_line()
    {
        await using var fixture = new LauncherFixture();

        var result = await fixture.RunAsync(LauncherFixture.Shell("echo first >&2; echo 'disk on fire' >&2; echo '   ' >&2; exit 3"));

        Assert.False(result.Succeeded);
        Assert.Equal("disk on fire", result.Error);
    }

    [Fact]
    public async Task A_failing_process_without_stderr_reports_its_exit_code()
    {
        await using var fixture = new LauncherFixture();

        var result = await fixture.RunAsync(LauncherFixture.Shell("echo only-stdout; exit 4"));

        Assert.False(result.Succeeded);
        Assert.Equal("exit code 4", result.Error);
    }

    [Fact]
    public async Task A_process_past_its_timeout_is_killed_with_its_children()
    {
        await using var fixture = new LauncherFixture();
        var pids = fixture.File("pids");
        var request = LauncherFixture.Shell(
            "sleep 60 & echo $! > \"$PIDS\"; echo $$ >> \"$PIDS\"; wait",
            new Dictionary<string, string> { ["PIDS"] = pids },
            timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var result = await fixture.RunAsync(request);

        Assert.False(result.Succeeded);
        Assert.Equal("timed out after 1 s", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        var processIds = (await File.ReadAllLinesAsync(pids)).Where(line => line.Length > 0).Select(int.Parse).ToList();
        Assert.Equal(2, processIds.Count);
        Assert.All(processIds, pid => Assert.False(IsAlive(pid), $"process {pid} survived the timeout"));
    }

    [Fact]
    public async Task A_duplicate_launch_id_starts_one_process()
    {
        await using var fixture = new LauncherFixture();
        var counter = fixture.File("counter");
        var request = LauncherFixture.Shell("echo run >> \"$COUNTER\"", new Dictionary<string, string> { ["COUNTER"] = counter });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => fixture.Launcher.LaunchAsync(request, CancellationToken.None))));
        var result = await fixture.Publisher.WaitForAsync(request.LaunchId);
        var afterFinish = await fixture.Launcher.LaunchAsync(request, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Single(outcomes, outcome => outcome == StepLaunchOutcome.Launched);
        Assert.Equal(3, outcomes.Count(outcome => outcome == StepLaunchOutcome.AlreadyLaunched));
        Assert.Equal(StepLaunchOutcome.AlreadyLaunched, afterFinish);
        Assert.Single(await File.ReadAllLinesAsync(counter));
        Assert.Single(fixture.Publisher.Published, published => published.LaunchId == request.LaunchId);
    }

    [Fact]
    public async Task Environment_values_stay_literal_and_off_the_command_line()
    {
        await using var fixture = new LauncherFixture();
        var canary = Directory.CreateDirectory(fixture.File("canary")).FullName;
        var pwned = fixture.File("pwned");
        var danger = $"x\"; rm -rf {canary}; touch {pwned}; `touch {pwned}` $(touch {pwned}) '";
        var output = fixture.File("out");
        var request = LauncherFixture.Shell(
            "printf '%s' \"$DANGER\" > \"$OUT\"; tr '\\0' ' ' < /proc/$$/cmdline > \"$OUT.cmdline\"",
            new Dictionary<string, string> { ["DANGER"] = danger, ["OUT"] = output });

        var result = await fixture.RunAsync(request);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(danger, await File.ReadAllTextAsync(output));
        Assert.True(Directory.Exists(canary));
        Assert.False(File.Exists(pwned));
        Assert.DoesNotContain("rm -rf", await File.ReadAllTextAsync(output + ".cmdline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_traceparent_and_step_env_combine_with_kubernetes_precedence_and_nothing_else_leaks()
    {
        const string leak = "KNAPSCEN_LAUNCHER_TEST_LEAK";
        Environment.SetEnvironmentVariable(leak, "orchestrator-only");
        var catalog = new StepCatalogOptions { Steps = { ["probe"] = new StepDefinition { Image = "local/probe:latest", EnvFrom = ["knapscen-config"] } } };
        await using var fixture = new LauncherFixture(
            options => options.Secrets["knapscen-config"] = new Dictionary<string, string> { ["DB_HOST"] = "db.local", ["NATS_SUBJECT"] = "customer-saved" },
            catalog);
        var output = fixture.File("out");
        var request = LauncherFixture.Shell(
            $"printf '%s|%s|%s|%s|%s' \"$DB_HOST\" \"$NATS_SUBJECT\" \"$TRACEPARENT\" \"${{{leak}:-absent}}\" \"${{PATH:+has-path}}\" > \"$OUT\"",
            new Dictionary<string, string> { ["NATS_SUBJECT"] = "user-saved", ["OUT"] = output },
            traceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        var result = await fixture.RunAsync(request);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(
            "db.local|user-saved|00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01|absent|has-path",
            await File.ReadAllTextAsync(output));
        // The result continues the launch's trace.
        Assert.Equal(request.TraceParent, result.TraceParent);
    }

    [Fact]
    public async Task A_missing_secret_fails_the_attempt_like_kubernetes_would()
    {
        var catalog = new StepCatalogOptions { Steps = { ["probe"] = new StepDefinition { Image = "local/probe:latest", EnvFrom = ["knapscen-config"] } } };
        await using var fixture = new LauncherFixture(catalog: catalog);

        var result = await fixture.RunAsync(LauncherFixture.Shell("exit 0"));

        Assert.False(result.Succeeded);
        Assert.Contains("secret 'knapscen-config' is not configured", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails_the_attempt()
    {
        await using var fixture = new LauncherFixture();

        var result = await fixture.RunAsync(LauncherFixture.Request(["/nonexistent/knapscen-step"]));

        Assert.False(result.Succeeded);
        Assert.StartsWith("could not start '/nonexistent/knapscen-step'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_waits_for_running_steps_to_report_then_refuses_new_launches()
    {
        await using var fixture = new LauncherFixture();
        var request = LauncherFixture.Shell("sleep 1");
        Assert.Equal(StepLaunchOutcome.Launched, await fixture.Launcher.LaunchAsync(request, CancellationToken.None));

        await fixture.Launcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(Assert.Single(fixture.Publisher.Published).Succeeded);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Launcher.LaunchAsync(LauncherFixture.Shell("exit 0"), CancellationToken.None));
    }

    [Fact]
    public async Task Shutdown_kills_steps_that_outlast_the_bound_without_reporting_them()
    {
        await using var fixture = new LauncherFixture(options => options.ShutdownTimeoutSeconds = 1);
        var pid = fixture.File("pid");
        var request = LauncherFixture.Shell("echo $$ > \"$PID_FILE\"; exec sleep 60", new Dictionary<string, string> { ["PID_FILE"] = pid });
        Assert.Equal(StepLaunchOutcome.Launched, await fixture.Launcher.LaunchAsync(request, CancellationToken.None));

        await fixture.Launcher.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(fixture.Publisher.Published);
        if (File.Exists(pid) && int.TryParse((await File.ReadAllTextAsync(pid)).Trim(), out var processId))
        {
            Assert.False(IsAlive(processId));
        }
    }

    /// <summary>A killed grandchild is reparented and may linger as a zombie until reaped: that counts as dead.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
