using k8s;
using k8s.Models;

namespace Knapscen.Sagas.Tests.Kubernetes;

/// <summary>
/// A kubeconfig holding a token the API server issues for a ServiceAccount (TokenRequest), the token a pod of that
/// account gets mounted: whatever it may do comes from RBAC bound to the account, nothing else.
/// </summary>
internal static class ServiceAccountKubeconfig
{
    public static async Task<string> WriteAsync(IKubernetes admin, string adminKubeconfig, string @namespace, string serviceAccount)
    {
        // The API server's audience is its ServiceAccount issuer (scripts/kube.sh), as in a cluster's default setup.
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = ["https://kubernetes.default.svc"], ExpirationSeconds = 3600 },
        };
        var issued = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccount, @namespace);

        var cluster = (await KubernetesClientConfiguration.LoadKubeConfigAsync(new FileInfo(adminKubeconfig))).Clusters.Single().ClusterEndpoint;
        var path = Path.Combine(Path.GetTempPath(), $"knapscen-sa-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: test
                cluster:
                  server: {cluster.Server}
                  certificate-authority-data: {cluster.CertificateAuthorityData}
            users:
              - name: {serviceAccount}
                user:
                  token: {issued.Status.Token}
            contexts:
              - name: test
                context:
                  cluster: test
                  user: {serviceAccount}
            current-context: test
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }
}
