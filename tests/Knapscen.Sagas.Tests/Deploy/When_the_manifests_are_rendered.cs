using static Knapscen.Sagas.Tests.Deploy.RenderedManifests;

namespace Knapscen.Sagas.Tests.Deploy;

[Trait("Tier", "specs")]
public sealed class When_the_manifests_are_rendered
{
    [Fact]
    public async Task The_scaled_object_follows_the_jetstream_consumer_lag_of_the_orchestrator()
    {
        // KEDA is opt-in: the production overlay adds its component, the base leaves it out.
        var objects = Parse(await RenderAsync("overlays/production"));

        var scaled = Single(objects, "ScaledObject", "knapscen-orchestrator");
        var spec = Map(scaled, "spec");
        var trigger = (Dictionary<object, object>)Assert.Single(List(spec, "triggers"));
        var metadata = Map(trigger, "metadata");
        Assert.Equal("nats-jetstream", trigger["type"]);
        Assert.Equal("KNAPSCEN", metadata["stream"]);
        Assert.Equal("knapscen-orchestrator", metadata["consumer"]);
        Assert.Equal("100", metadata["lagThreshold"]);
        Assert.Equal("2", spec["minReplicaCount"]);
        Assert.Equal("10", spec["maxReplicaCount"]);
        var target = (string)Map(spec, "scaleTargetRef")["name"];
        Assert.Equal("2", Map(Single(objects, "Deployment", target), "spec")["replicas"]);
    }

    [Fact]
    public async Task The_base_needs_no_custom_resource_so_it_applies_on_a_cluster_without_keda()
    {
        var objects = Parse(await RenderAsync("base"));

        string[] builtInGroups = ["v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "policy/v1"];
        Assert.All(objects, item => Assert.Contains((string)item["apiVersion"], builtInGroups));
        Assert.DoesNotContain(objects, item => (string)item["kind"] == "ScaledObject");
    }

    [Fact]
    public async Task The_orchestrator_runs_unprivileged_with_health_probes_and_least_privilege_job_rights()
    {
        var objects = Parse(await RenderAsync("base"));

        var pod = Map(Map(Map(Single(objects, "Deployment", "knapscen-orchestrator"), "spec"), "template"), "spec");
        var container = (Dictionary<object, object>)Assert.Single(List(pod, "containers"));
        Assert.Equal("true", Map(pod, "securityContext")["runAsNonRoot"]);
        Assert.Equal("true", Map(container, "securityContext")["readOnlyRootFilesystem"]);
        Assert.Equal("/health/live", Map(Map(container, "livenessProbe"), "httpGet")["path"]);
        Assert.Equal("/health/ready", Map(Map(container, "readinessProbe"), "httpGet")["path"]);
        Assert.Equal("knapscen-orchestrator", pod["serviceAccountName"]);
        var role = Single(objects, "Role", "knapscen-orchestrator");
        Assert.Equal("knapscen-jobs", Map(role, "metadata")["namespace"]);
        var verbs = List(role, "rules").Cast<Dictionary<object, object>>().SelectMany(rule => List(rule, "verbs").Cast<string>()).ToHashSet();
        Assert.Equal(["create", "delete", "get", "list", "watch"], verbs.Order());
        Assert.DoesNotContain(objects, item => (string)item["kind"] == "Secret");
    }

    [Fact]
    public async Task Production_drops_the_in_cluster_databases_and_points_at_tls_nats()
    {
        var objects = Parse(await RenderAsync("overlays/production"));

        Assert.DoesNotContain(objects, item => (string)item["kind"] == "StatefulSet");
        Assert.StartsWith("tls://", (string)Map(Single(objects, "ConfigMap", "knapscen-orchestrator"), "data")["Nats__Url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_go_to_the_rendered_jaeger_and_prometheus_scrapes_the_api_port()
    {
        var objects = Parse(await RenderAsync("base"));

        var settings = Map(Single(objects, "ConfigMap", "knapscen-orchestrator"), "data");
        var jaeger = Single(objects, "Service", "jaeger");
        var otlpHttp = List(Map(jaeger, "spec"), "ports").Cast<Dictionary<object, object>>().Single(port => (string)port["name"] == "otlp-http");
        Assert.Equal($"http://jaeger.{Map(jaeger, "metadata")["namespace"]}.svc:{otlpHttp["port"]}", settings["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", settings["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        var collector = (Dictionary<object, object>)Assert.Single(List(Map(Map(Map(Single(objects, "Deployment", "jaeger"), "spec"), "template"), "spec"), "containers"));
        Assert.Contains(List(collector, "env").Cast<Dictionary<object, object>>(), env => (string)env["name"] == "COLLECTOR_OTLP_ENABLED" && (string)env["value"] == "true");

        var template = Map(Map(Single(objects, "Deployment", "knapscen-orchestrator"), "spec"), "template");
        var annotations = Map(Map(template, "metadata"), "annotations");
        var container = (Dictionary<object, object>)Assert.Single(List(Map(template, "spec"), "containers"));
        var apiPort = List(container, "ports").Cast<Dictionary<object, object>>().Single(port => (string)port["name"] == "http");
        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal((string)apiPort["containerPort"], annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }
}
