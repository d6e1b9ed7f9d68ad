using System.Diagnostics;
using Knapscen.Sagas.Tests.Infrastructure;
using YamlDotNet.Serialization;

namespace Knapscen.Sagas.Tests.Deploy;

/// <summary>deploy/kustomize rendered by kubectl, as CI and users render it, parsed into plain maps.</summary>
internal static class RenderedManifests
{
    public static async Task<string> RenderAsync(string overlay)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(Stack.RepositoryRoot, "deploy", "kustomize", overlay)]);
        var run = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, $"kubectl kustomize {overlay} failed: {run.Error}");
        return run.Output;
    }

    public static IReadOnlyList<Dictionary<object, object>> Parse(string yaml) =>
        [.. yaml.Split("\n---\n").Select(document => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(document))];

    public static Dictionary<object, object> Single(IReadOnlyList<Dictionary<object, object>> objects, string kind, string name) =>
        Assert.Single(objects, item => (string)item["kind"] == kind && (string)Map(item, "metadata")["name"] == name);

    public static Dictionary<object, object> Map(Dictionary<object, object> parent, string key) => (Dictionary<object, object>)parent[key];

    public static List<object> List(Dictionary<object, object> parent, string key) => (List<object>)parent[key];
}
