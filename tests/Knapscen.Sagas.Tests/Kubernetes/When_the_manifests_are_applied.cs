using System.Diagnostics;
using Knapscen.Sagas.Tests.Deploy;

namespace Knapscen.Sagas.Tests.Kubernetes;

[Collection(KubeCollection.Name)]
public sealed class When_the_manifests_are_applied(KubeFixture fixture)
{
    [Fact]
    public async Task Every_built_in_object_is_accepted_by_the_api_server()
    {
        // KEDA's ScaledObject is a custom resource this API server does not know; its fields are checked when rendered.
        // The rendered text itself, not a re-serialization, so quoting ("false" as a string) stays as rendered.
        var builtIn = (await RenderedManifests.RenderAsync("base")).Split("\n---\n")
            .Where(document => (string)RenderedManifests.Parse(document).Single()["kind"] != "ScaledObject")
            .ToList();
        var namespaces = builtIn.Where(IsNamespace).ToList();

        // Namespaces for real, so the namespaced objects have a home; everything else as a server-side dry run: the
        // API server validates and admits it, but the RBAC objects do not replace the ones the other tests run under.
        var created = await ApplyAsync(namespaces, dryRun: false);
        var admitted = await ApplyAsync([.. builtIn.Where(document => !IsNamespace(document))], dryRun: true);

        Assert.Equal(builtIn.Count, created + admitted);
    }

    private static bool IsNamespace(string document) => (string)RenderedManifests.Parse(document).Single()["kind"] == "Namespace";

    private async Task<int> ApplyAsync(IReadOnlyList<string> documents, bool dryRun)
    {
        var file = Path.Combine(Path.GetTempPath(), $"knapscen-manifests-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, string.Join("\n---\n", documents));
        List<string> arguments = ["apply", "--kubeconfig", fixture.Environment.AdminKubeconfig, "-f", file];
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
