using Knapscen.Sagas.Tests.Deploy;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// The rendered base's namespaces and orchestrator RBAC, applied for real. They are the same objects scripts/kube.sh
/// provisions from deploy/rbac (the base includes that folder), so applying them changes nothing other tests rely on.
/// </summary>
internal static class RenderedRbac
{
    private static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "Namespace", "ServiceAccount", "Role", "RoleBinding" };

    public static Task<int> ApplyAsync(string rendered, string adminKubeconfig) =>
        KubectlApply.RunAsync(
            adminKubeconfig,
            [.. rendered.Split("\n---\n").Where(document => Kinds.Contains((string)RenderedManifests.Parse(document).Single()["kind"]))],
            dryRun: false);
}
