using System.Diagnostics;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary><c>kubectl apply</c> of YAML documents as they are, so quoting ("false" as a string) stays as rendered.</summary>
internal static class KubectlApply
{
    /// <returns>The number of objects kubectl reported applied.</returns>
    public static async Task<int> RunAsync(string kubeconfig, IReadOnlyList<string> documents, bool dryRun)
    {
        var file = Path.Combine(Path.GetTempPath(), $"knapscen-manifests-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, string.Join("\n---\n", documents));
        List<string> arguments = ["apply", "--kubeconfig", kubeconfig, "-f", file];
        if (dryRun)
        {
            arguments.Add("--dry-run=server");
        }

        var start = new ProcessStartInfo("kubectl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        File.Delete(file);
        Assert.True(process.ExitCode == 0, $"kubectl apply failed: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
