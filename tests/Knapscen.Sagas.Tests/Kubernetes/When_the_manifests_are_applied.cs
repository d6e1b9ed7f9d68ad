using Knapscen.Sagas.Tests.Deploy;

namespace Knapscen.Sagas.Tests.Kubernetes;

[Trait("Tier", "integration")]
[Collection(KubeCollection.Name)]
public sealed class When_the_manifests_are_applied(KubeFixture fixture)
{
    [Fact]
    public async Task Every_built_in_object_is_accepted_by_the_api_server()
    {
        // KEDA's ScaledObject is a custom resource this API server does not know; its fields are checked when rendered.
        var builtIn = (await RenderedManifests.RenderAsync("base")).Split("\n---\n")
            .Where(document => (string)RenderedManifests.Parse(document).Single()["kind"] != "ScaledObject")
            .ToList();
        var namespaces = builtIn.Where(IsNamespace).ToList();

        // Namespaces for real, so the namespaced objects have a home; everything else as a server-side dry run: the
        // API server validates and admits it, and no workloads are left in the shared test cluster.
        var created = await ApplyAsync(namespaces, dryRun: false);
        var admitted = await ApplyAsync([.. builtIn.Where(document => !IsNamespace(document))], dryRun: true);

        Assert.Equal(builtIn.Count, created + admitted);
    }

    private static bool IsNamespace(string document) => (string)RenderedManifests.Parse(document).Single()["kind"] == "Namespace";

    private Task<int> ApplyAsync(IReadOnlyList<string> documents, bool dryRun) =>
        KubectlApply.RunAsync(fixture.Environment.AdminKubeconfig, documents, dryRun);
}
