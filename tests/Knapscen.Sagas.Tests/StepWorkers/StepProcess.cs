using System.Diagnostics;
using Knapscen.Sagas.Orchestrator.StepWorkers;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Knapscen.Sagas.Tests.StepWorkers;

/// <summary>Runs a step as the real binary (<c>dotnet knapscen.dll step NAME</c>) or in process through the same runner.</summary>
public static class StepProcess
{
    /// <summary>Only what a local launcher would pass: the test runner's own variables must not leak into the step.</summary>
    private static readonly string[] Inherited = ["PATH", "HOME", "DOTNET_ROOT"];

    public static async Task<StepRun> RunAsync(string step, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(OrchestratorProcess.BinaryPath);
        start.ArgumentList.Add("step");
        start.ArgumentList.Add(step);
        start.Environment.Clear();
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var run = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60));
        return StepRun.From(run.ExitCode, run.Output, run.Error);
    }

    internal static async Task<StepRun> RunInProcessAsync(string step, IReadOnlyDictionary<string, string> environment, DateTimeOffset? now = null)
    {
        var clock = now is { } time ? new FakeTimeProvider(time) : (TimeProvider)TimeProvider.System;
        var stepEnvironment = new StepEnvironment(name => environment.GetValueOrDefault(name), clock);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await StepRunner.RunAsync(StepWorkerCatalog.Named(step), stepEnvironment, stdout, stderr, CancellationToken.None);
        return StepRun.From(exitCode, stdout.ToString(), stderr.ToString());
    }
}
