using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Deploy;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Kubernetes;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>
/// docs/deploy.md done literally on the local control plane: its secret commands and its apply command run as written
/// (server-side dry run: this control plane has no kubelet for MySQL or NATS, and the shared cluster keeps no objects),
/// the secrets hold every key the rendered base reads and agree with each other, every object is admitted, KEDA is not
/// needed, and the orchestrator completes an onboarding with the rendered ConfigMap and the documented secret.
/// </summary>
[Trait("Tier", "e2e")]
[Collection(KubeCollection.Name)]
public sealed partial class When_the_deploy_guide_is_followed(KubeFixture fixture)
{
    private const string Separator = "@@@ next object";

    [Fact]
    public async Task The_documented_secrets_and_apply_are_admitted_and_an_onboarding_completes()
    {
        var steps = DocumentedExamples.Read("deploy-step");
        var rendered = await RenderedManifests.RenderAsync("base");
        var objects = RenderedManifests.Parse(rendered);
        // The namespaces (and the orchestrator's RBAC) for real, as the apply would make them, so the secrets have a home.
        await RenderedRbac.ApplyAsync(rendered, fixture.Environment.AdminKubeconfig);

        var secrets = await CreateSecretsAsync(steps["secrets"]);

        AssertEveryReferencedSecretKeyExists(objects, secrets);
        AssertTheCredentialsAgree(objects, secrets);
        var admitted = await RunAsync(steps["apply"], "--dry-run=server");
        Assert.Equal(objects.Count, admitted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.EndsWith("(server dry run)", StringComparison.Ordinal)));

        await RenderedDeployment.CompleteOneOnboardingAsync(fixture, secrets[("knapscen", "knapscen-orchestrator")]);
    }

    /// <summary>The guide's secret commands, each kubectl call a server-side dry run that prints the secret it would create.</summary>
    private async Task<Dictionary<(string Namespace, string Name), Dictionary<string, string>>> CreateSecretsAsync(string commands)
    {
        var output = await RunAsync(commands, "--dry-run=server -o json", $"&& echo '{Separator}'");
        var secrets = new Dictionary<(string, string), Dictionary<string, string>>();
        foreach (var document in output.Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var secret = JsonDocument.Parse(document).RootElement;
            Assert.Equal("Secret", secret.GetProperty("kind").GetString());
            var metadata = secret.GetProperty("metadata");
            secrets[(metadata.GetProperty("namespace").GetString()!, metadata.GetProperty("name").GetString()!)] = secret.GetProperty("data").EnumerateObject()
                .ToDictionary(entry => entry.Name, entry => Encoding.UTF8.GetString(Convert.FromBase64String(entry.Value.GetString()!)), StringComparer.Ordinal);
        }

        Assert.Equal(4, secrets.Count);
        return secrets;
    }

    /// <summary>Every envFrom secret and secretKeyRef of the rendered workloads, and the catalog's EnvFrom, is created.</summary>
    private static void AssertEveryReferencedSecretKeyExists(IReadOnlyList<Dictionary<object, object>> objects, Dictionary<(string Namespace, string Name), Dictionary<string, string>> secrets)
    {
        var missing = new List<string>();
        foreach (var workload in objects.Where(item => (string)item["kind"] is "Deployment" or "StatefulSet"))
        {
            var space = (string)RenderedManifests.Map(workload, "metadata")["namespace"];
            var pod = RenderedManifests.Map(RenderedManifests.Map(RenderedManifests.Map(workload, "spec"), "template"), "spec");
            var containers = new[] { "initContainers", "containers" }.Where(pod.ContainsKey).SelectMany(key => RenderedManifests.List(pod, key)).Cast<Dictionary<object, object>>();
            foreach (var container in containers)
            {
                foreach (var source in container.TryGetValue("envFrom", out var envFrom) ? ((List<object>)envFrom).Cast<Dictionary<object, object>>() : [])
                {
                    if (source.TryGetValue("secretRef", out var reference) && !secrets.ContainsKey((space, (string)((Dictionary<object, object>)reference)["name"])))
                    {
                        missing.Add($"secret {space}/{((Dictionary<object, object>)reference)["name"]} (envFrom of {container["name"]})");
                    }
                }

                foreach (var variable in container.TryGetValue("env", out var env) ? ((List<object>)env).Cast<Dictionary<object, object>>() : [])
                {
                    if (variable.TryGetValue("valueFrom", out var from) && ((Dictionary<object, object>)from).TryGetValue("secretKeyRef", out var keyRef))
                    {
                        var name = (string)((Dictionary<object, object>)keyRef)["name"];
                        var key = (string)((Dictionary<object, object>)keyRef)["key"];
                        if (!secrets.TryGetValue((space, name), out var keys) || !keys.ContainsKey(key))
                        {
                            missing.Add($"key {key} of secret {space}/{name} (env {variable["name"]} of {container["name"]})");
                        }
                    }
                }
            }
        }

        var jobsNamespace = RenderedDeployment.RenderedConfigMap(objects)["Kubernetes__DefaultNamespace"];
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "steps.json")));
        foreach (var step in catalog.RootElement.GetProperty("Steps").EnumerateObject())
        {
            foreach (var secret in step.Value.TryGetProperty("EnvFrom", out var envFrom) ? envFrom.EnumerateArray().Select(item => item.GetString()!) : [])
            {
                if (!secrets.ContainsKey((jobsNamespace, secret)))
                {
                    missing.Add($"secret {jobsNamespace}/{secret} (EnvFrom of step {step.Name})");
                }
            }
        }

        Assert.True(missing.Count == 0, "docs/deploy.md does not create:\n" + string.Join('\n', missing.Distinct()));
    }

    /// <summary>The same MySQL user and NATS identities on both sides: what MySQL creates is what the orchestrator and steps log in as.</summary>
    private static void AssertTheCredentialsAgree(IReadOnlyList<Dictionary<object, object>> objects, Dictionary<(string Namespace, string Name), Dictionary<string, string>> secrets)
    {
        var mysql = secrets[("knapscen", "mysql")];
        var natsUsers = secrets[("knapscen", "nats-users")];
        var orchestrator = secrets[("knapscen", "knapscen-orchestrator")];
        var steps = secrets[("knapscen-jobs", "knapscen-config")];
        var connection = new DbConnectionStringBuilder { ConnectionString = orchestrator["Database__ConnectionString"] };
        var database = MySqlDatabaseName(objects);

        Assert.Equal((mysql["MYSQL_USER"], database), ((string)connection["User ID"], (string)connection["Database"]));
        Assert.Equal((mysql["MYSQL_USER"], database, (string)connection["Server"]), (steps["DB_USER"], steps["DB_NAME"], steps["DB_HOST"]));
        // Passwords are compared, never printed.
        Assert.True(mysql["MYSQL_PASSWORD"] == (string)connection["Password"], "the connection string's password is not the mysql secret's MYSQL_PASSWORD");
        Assert.True(mysql["MYSQL_PASSWORD"] == steps["DB_PASSWORD"], "knapscen-config's DB_PASSWORD is not the mysql secret's MYSQL_PASSWORD");

        var natsConfig = (string)RenderedManifests.Map(RenderedManifests.Single(objects, "ConfigMap", "nats-config"), "data")["nats.conf"];
        var passwordOf = NatsUser().Matches(natsConfig).ToDictionary(match => match.Groups["user"].Value, match => match.Groups["variable"].Value, StringComparer.Ordinal);
        Assert.All(passwordOf.Values, variable => Assert.Contains(variable, natsUsers.Keys));
        var orchestratorUser = RenderedDeployment.RenderedConfigMap(objects)["Nats__User"];
        Assert.True(natsUsers[passwordOf[orchestratorUser]] == orchestrator["Nats__Password"], $"Nats__Password is not the password of NATS user {orchestratorUser}");
        Assert.True(natsUsers[passwordOf[steps["NATS_USER"]]] == steps["NATS_PASSWORD"], $"NATS_PASSWORD is not the password of NATS user {steps["NATS_USER"]}");

        var tokens = orchestrator.Keys.Where(key => key.StartsWith("Api__Tokens__", StringComparison.Ordinal) && key.EndsWith("__Token", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tokens);
        Assert.All(tokens, key => Assert.True(orchestrator[key].Length >= 32 && orchestrator.ContainsKey(key[..^"Token".Length] + "Role"), $"{key}: at least 32 characters, with a Role"));
        Assert.DoesNotContain(objects, item => (string)item["kind"] == "ScaledObject");
    }

    private static string MySqlDatabaseName(IReadOnlyList<Dictionary<object, object>> objects)
    {
        var pod = RenderedManifests.Map(RenderedManifests.Map(RenderedManifests.Map(RenderedManifests.Single(objects, "StatefulSet", "mysql"), "spec"), "template"), "spec");
        var container = (Dictionary<object, object>)Assert.Single(RenderedManifests.List(pod, "containers"));
        return (string)RenderedManifests.List(container, "env").Cast<Dictionary<object, object>>().Single(variable => (string)variable["name"] == "MYSQL_DATABASE")["value"];
    }

    /// <summary>The guide's commands as written; kubectl talks to the local control plane as its admin, with the flags given.</summary>
    private async Task<string> RunAsync(string commands, string kubectlFlags, string afterEachKubectl = "")
    {
        var environment = new Dictionary<string, string> { ["KNAPSCEN_ADMIN_KUBECONFIG"] = fixture.Environment.AdminKubeconfig };
        var script = $"kubectl() {{ command kubectl --kubeconfig \"$KNAPSCEN_ADMIN_KUBECONFIG\" \"$@\" {kubectlFlags} {afterEachKubectl}; }}\nset -e\n{commands}";
        var run = await DocumentedExamples.RunAsync(script, environment);
        Assert.True(run.ExitCode == 0, $"the guide's commands failed: {run.Error}");
        return run.Output;
    }

    [GeneratedRegex(@"user: (?<user>[a-z]+)\s+password: \$(?<variable>[A-Z_]+)")]
    private static partial Regex NatsUser();
}
