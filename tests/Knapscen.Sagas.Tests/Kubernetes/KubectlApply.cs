using System.Diagnostics;
using Knapscen.Sagas.Tests.Infrastructure;

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

        var run = await ChildProcess.RunAsync(new ProcessStartInfo("kubectl", arguments), TimeSpan.FromSeconds(120));
        File.Delete(file);
        Assert.True(run.ExitCode == 0, $"kubectl apply failed: {run.Error}");
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
