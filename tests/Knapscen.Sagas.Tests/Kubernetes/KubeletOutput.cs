using Knapscen.Sagas.Kubelet;
using Xunit.Abstractions;

namespace Knapscen.Sagas.Tests.Kubernetes;

internal static class KubeletOutput
{
    /// <summary>Says in the test output which images ran as real containers and which as local stand-ins.</summary>
    public static void WriteImages(this ITestOutputHelper output, ProcessKubelet kubelet)
    {
        output.WriteLine("The kubelet runs these images:");
        foreach (var line in kubelet.Images.Describe())
        {
            output.WriteLine("  " + line);
        }
    }
}
