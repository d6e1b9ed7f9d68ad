using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using static Knapscen.Sagas.Tests.Deploy.RenderedManifests;

namespace Knapscen.Sagas.Tests.Deploy;

[Trait("Tier", "specs")]
public sealed partial class When_the_manifests_are_hardened
{
    [Theory]
    [InlineData("base")]
    [InlineData("overlays/production")]
    public async Task Every_in_cluster_host_a_rendered_overlay_names_is_a_service_of_that_overlay(string overlay)
    {
        var yaml = await RenderAsync(overlay);
        var objects = Parse(yaml);
        var services = objects.Where(item => (string)item["kind"] == "Service")
            .Select(item => $"{Map(item, "metadata")["name"]}.{Map(item, "metadata")["namespace"]}")
            .ToHashSet();

        var hosts = InClusterHost().Matches(yaml).Select(match => $"{match.Groups["service"].Value}.{match.Groups["namespace"].Value}").ToHashSet();

        Assert.NotEmpty(hosts);
        Assert.All(hosts, host => Assert.Contains(host, services));
    }

    [Fact]
    public async Task The_production_scaled_object_reads_the_external_nats()
    {
        var objects = Parse(await RenderAsync("overlays/production"));

        var trigger = (Dictionary<object, object>)Assert.Single(List(Map(Single(objects, "ScaledObject", "knapscen-orchestrator"), "spec"), "triggers"));
        var settings = Map(Single(objects, "ConfigMap", "knapscen-orchestrator"), "data");
        var natsHost = new Uri((string)settings["Nats__Url"]).Host;
        Assert.Equal($"{natsHost}:8222", Map(trigger, "metadata")["natsServerMonitoringEndpoint"]);
        Assert.Equal("true", settings["Nats__Tls__Required"]);
    }

    [Fact]
    public async Task The_step_namespace_enforces_the_restricted_standard_with_a_quota_and_default_limits()
    {
        var objects = Parse(await RenderAsync("base"));

        var labels = Map(Map(Single(objects, "Namespace", "knapscen-jobs"), "metadata"), "labels");
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/enforce"]);
        var limits = (Dictionary<object, object>)Assert.Single(List(Map(Single(objects, "LimitRange", "knapscen-steps"), "spec"), "limits"));
        Assert.Equal("Container", limits["type"]);
        Assert.True(limits.ContainsKey("default") && limits.ContainsKey("defaultRequest"));
        var quota = Map(Map(Single(objects, "ResourceQuota", "knapscen-steps"), "spec"), "hard");
        Assert.Equal("knapscen-jobs", Map(Single(objects, "ResourceQuota", "knapscen-steps"), "metadata")["namespace"]);
        foreach (var key in new[] { "pods", "count/jobs.batch", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" })
        {
            Assert.True(quota.ContainsKey(key), $"quota without {key}");
        }
    }

    [Fact]
    public async Task Both_namespaces_deny_by_default_and_only_the_labelled_ingress_reaches_the_admin_api()
    {
        var objects = Parse(await RenderAsync("base"));
        var policies = objects.Where(item => (string)item["kind"] == "NetworkPolicy").ToList();

        foreach (var space in new[] { "knapscen", "knapscen-jobs" })
        {
            var deny = Map(Assert.Single(policies, item => (string)Map(item, "metadata")["name"] == "default-deny" && (string)Map(item, "metadata")["namespace"] == space), "spec");
            Assert.Empty(Map(deny, "podSelector"));
            Assert.Equal(["Ingress", "Egress"], List(deny, "policyTypes").Cast<string>());
            Assert.False(deny.ContainsKey("ingress") || deny.ContainsKey("egress"));
        }

        // Every policy that lets anything in on 8080 names the admin-access label, and nothing else.
        var apiIngress = policies.SelectMany(item => Map(item, "spec").TryGetValue("ingress", out var rules) ? ((List<object>)rules).Cast<Dictionary<object, object>>() : [])
            .Where(rule => rule.TryGetValue("ports", out var ports) && ((List<object>)ports).Cast<Dictionary<object, object>>().Any(port => (string)port["port"] == "8080"))
            .ToList();
        var from = (Dictionary<object, object>)Assert.Single(List(Assert.Single(apiIngress), "from"));
        Assert.Equal(["namespaceSelector"], from.Keys.Cast<string>());
        Assert.Equal("true", Map(Map(from, "namespaceSelector"), "matchLabels")["knapscen.io/admin-access"]);
    }

    [Fact]
    public async Task Nats_requires_credentials_and_steps_and_publishers_may_publish_only_their_subjects()
    {
        var objects = Parse(await RenderAsync("base"));

        var config = (string)Map(Single(objects, "ConfigMap", "nats-config"), "data")["nats.conf"];
        var args = List((Dictionary<object, object>)Assert.Single(List(Map(Map(Map(Single(objects, "StatefulSet", "nats"), "spec"), "template"), "spec"), "containers")), "args");
        Assert.Equal(["-c", "/etc/nats/nats.conf"], args.Cast<string>());
        var users = UserBlock().Matches(config).ToDictionary(match => match.Groups["user"].Value, match => match.Groups["permissions"].Value);
        Assert.Equal(["orchestrator", "publisher", "step"], users.Keys.Order());
        Assert.DoesNotMatch("password: [^$]", config);

        // Every step publishes to its launch's own result subject, so the step identity needs that subtree and no other.
        var resultSubjects = new ConfigurationBuilder().AddJsonFile(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "steps.json")).Build()
            .GetSection("Steps").GetChildren().Select(step => step["Environment:NATS_SUBJECT"]).OfType<string>().Distinct();
        Assert.Equal(["${step.result_subject}"], resultSubjects);
        Assert.Equal(["knapscen.results.>"], Subjects(users["step"], "publish"));
        Assert.Equal(["_INBOX.>"], Subjects(users["step"], "subscribe"));
        Assert.Equal(["customer-registered"], Subjects(users["publisher"], "publish"));
        Assert.Equal(["_INBOX.>"], Subjects(users["publisher"], "subscribe"));
        Assert.Equal("orchestrator", Map(Single(objects, "ConfigMap", "knapscen-orchestrator"), "data")["Nats__User"]);
    }

    private static IEnumerable<string> Subjects(string permissions, string direction) =>
        Regex.Match(permissions, direction + @":\s*\[(?<list>[^\]]*)\]").Groups["list"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(subject => subject.Trim('"'));

    [GeneratedRegex(@"\b(?<service>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\.(?<namespace>[a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\b")]
    private static partial Regex InClusterHost();

    [GeneratedRegex(@"user:\s*(?<user>\w+)\s+password:\s*\$\w+\s+permissions:\s*(?<permissions>\{.*?\})\s*\}", RegexOptions.Singleline)]
    private static partial Regex UserBlock();
}
