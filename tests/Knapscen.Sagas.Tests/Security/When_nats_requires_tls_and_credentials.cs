using System.Runtime.CompilerServices;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Topology;
using Knapscen.Sagas.Orchestrator.Demo;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Knapscen.Sagas.Tests.Security;

[Trait("Tier", "integration")]
public sealed class When_nats_requires_tls_and_credentials
{
    private const string Token = "nats-security-admin-token-0f3b9c2d7e14a6";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_orchestrator_runs_an_onboarding_over_tls_with_its_credentials_and_the_steps_with_theirs()
    {
        await using var nats = await SecuredNatsServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(migrated: false);
        var connectionString = database.ConnectionString;
        var outbox = Path.Combine(nats.Folder, "outbox");
        var environment = nats.ProcessEnvironment(SecuredNatsServer.OrchestratorUser);
        environment["Database__ConnectionString"] = connectionString;
        // The steps get an identity of their own that may publish their results and nothing else.
        environment["LocalLauncher__Secrets__knapscen-config__NATS_USER"] = SecuredNatsServer.StepUser;
        environment["LocalLauncher__Secrets__knapscen-config__NATS_PASSWORD"] = nats.Passwords[SecuredNatsServer.StepUser];
        environment["LocalLauncher__Secrets__knapscen-config__EMAIL_OUTBOX_DIR"] = outbox;
        await using var serve = await StartServeAsync(environment);
        await using var orchestrator = nats.OrchestratorConnection();
        // Serve is ready once connected; its intake may not have created the streams yet, and a publisher cannot.
        var jetStream = await nats.EnsureStreamsAsync(orchestrator);
        var names = new JetStreamNames(nats.Prefix);

        var sagaId = Guid.NewGuid();
        await using (var publisher = new NatsConnection(nats.Options(SecuredNatsServer.PublisherUser, "test-publisher")))
        {
            var ack = await new NatsJSContext(publisher).PublishAsync(nats.Prefix + "customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
            ack.EnsureSuccess();
        }

        var saga = await Eventually.ReturnsAsync(
            async () => await new SagaReader(connectionString).ReadAsync(sagaId, CancellationToken.None) is { IsFinal: true } final ? final : null,
            Timeout,
            "the onboarding over TLS finishing");
        Assert.True(saga.State == "Completed", $"{saga.State}: {saga.LastError}\n{string.Join('\n', serve.Process.Output)}");

        // The intake may say so before the admin API listens: wait for an answer, whatever it is.
        var health = (await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    return new StrongBox<JsonElement>(await ReadyAsync(serve.Client(Token)));
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            Timeout,
            "serve's /health/ready answering")).Value;
        Assert.Equal($"connected to NATS at {nats.Url}", health.GetProperty("checks").GetProperty("nats").GetProperty("description").GetString());
        // The steps' result events came through with the step identity, over TLS: they are in the intake stream. Only
        // the steps that run alone are asked for: a result event is informational, and five step processes starting
        // TLS at once on a loaded machine may miss its time limit (the step then warns and still succeeds).
        var stream = await jetStream.GetStreamAsync(names.IntakeStream, new StreamInfoRequest { SubjectsFilter = ">" });
        var subjects = stream.Info.State.Subjects ?? new Dictionary<string, long>();
        foreach (var result in new[] { "customer-saved", "touchpoints-created" })
        {
            Assert.True(subjects.ContainsKey(names.Subject(result)), $"no {result} event from the steps; subjects: {string.Join(", ", subjects.Keys)}; {string.Join('\n', serve.Process.Output.Where(line => line.Contains("warning", StringComparison.OrdinalIgnoreCase)))}");
        }
        AssertNoSecret(serve.Process.Output, nats);
    }

    [Fact]
    public async Task Wrong_credentials_leave_nats_down_in_health_naming_the_server_and_no_secret_in_any_log_line()
    {
        await using var nats = await SecuredNatsServer.StartAsync();
        const string wrongPassword = "wrong-Password-4c1e9a";
        var environment = nats.ProcessEnvironment(SecuredNatsServer.OrchestratorUser, wrongPassword);
        await using var database = await TestDatabase.CreateAsync(migrated: false);
        environment["Database__ConnectionString"] = database.ConnectionString;
        await using var serve = await StartServeAsync(environment, waitReady: false);

        await Eventually.TrueAsync(
            () => Task.FromResult(serve.Process.Output.Any(line => line.Contains($"NATS intake cannot start at {nats.Url}", StringComparison.Ordinal))),
            Timeout,
            "the intake saying it cannot reach NATS");
        // The intake may say so before the admin API listens: wait for an answer, whatever it is.
        var health = (await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    return new StrongBox<JsonElement>(await ReadyAsync(serve.Client(Token)));
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            Timeout,
            "serve's /health/ready answering")).Value;

        var natsCheck = health.GetProperty("checks").GetProperty("nats");
        Assert.Equal("Unhealthy", natsCheck.GetProperty("status").GetString());
        Assert.StartsWith($"NATS at {nats.Url}: connection is ", natsCheck.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        Assert.False(serve.Process.HasExited, "serve stopped instead of waiting for NATS");
        var log = nats.Log();
        Assert.True(log.Contains("authentication error", StringComparison.Ordinal), string.Join('\n', log.Split('\n').Where(line => line.Contains("[ERR]", StringComparison.Ordinal))));
        Assert.DoesNotContain(serve.Process.Output, line => line.Contains(wrongPassword, StringComparison.Ordinal));
        AssertNoSecret(serve.Process.Output, nats);
    }

    [Fact]
    public async Task A_step_identity_or_a_publisher_publishing_outside_its_subjects_is_refused_by_the_server()
    {
        await using var nats = await SecuredNatsServer.StartAsync();
        var names = new JetStreamNames(nats.Prefix);
        await using var orchestrator = nats.OrchestratorConnection();
        var jetStream = await nats.EnsureStreamsAsync(
            orchestrator, new NatsOptions { Url = nats.Url, SubjectPrefix = nats.Prefix, IntakeMaxBytes = 8L * 1024 * 1024, DeadLetterMaxBytes = 2L * 1024 * 1024 });

        await using (var step = new NatsConnection(nats.Options(SecuredNatsServer.StepUser, "test-step")))
        {
            await step.PublishAsync(names.Subject(KnapscenSubjects.CustomerRegistered), Encoding.UTF8.GetBytes("forged registration"));
            await step.PublishAsync(names.Subject(KnapscenSubjects.StepResults), Encoding.UTF8.GetBytes("forged result"));
            await step.PublishAsync(names.Subject("customer-saved"), Encoding.UTF8.GetBytes("a step on a choreography subject"));
            await step.PublishAsync(names.Subject(OwnResultSubject), Encoding.UTF8.GetBytes("a step's own result"));
            await step.PingAsync();
        }

        await using (var publisher = new NatsConnection(nats.Options(SecuredNatsServer.PublisherUser, "test-publisher")))
        {
            await publisher.PublishAsync(names.Subject(KnapscenSubjects.StepResults), Encoding.UTF8.GetBytes("forged result"));
            await publisher.PublishAsync(names.Subject("customer-saved"), Encoding.UTF8.GetBytes("forged step result"));
            await publisher.PublishAsync(names.Subject(KnapscenSubjects.CustomerRegistered), Encoding.UTF8.GetBytes("a registration"));
            await publisher.PingAsync();
        }

        var stream = await jetStream.GetStreamAsync(names.IntakeStream);
        await Eventually.TrueAsync(
            async () =>
            {
                await stream.RefreshAsync();
                return stream.Info.State.Messages >= 2;
            },
            Timeout,
            "the two allowed publishes stored");
        var stored = new List<string>();
        await foreach (var message in (await jetStream.CreateOrderedConsumerAsync(names.IntakeStream)).FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2) }))
        {
            stored.Add($"{message.Subject}: {Encoding.UTF8.GetString(message.Data!)}");
        }

        Assert.Equal([$"{names.Subject(OwnResultSubject)}: a step's own result", $"{names.Subject(KnapscenSubjects.CustomerRegistered)}: a registration"], stored);
        var log = nats.Log();
        Assert.Contains($"Publish Violation - User \"{SecuredNatsServer.StepUser}\", Subject \"{names.Subject(KnapscenSubjects.CustomerRegistered)}\"", log, StringComparison.Ordinal);
        Assert.Contains($"Publish Violation - User \"{SecuredNatsServer.StepUser}\", Subject \"{names.Subject(KnapscenSubjects.StepResults)}\"", log, StringComparison.Ordinal);
        Assert.Contains($"Publish Violation - User \"{SecuredNatsServer.StepUser}\", Subject \"{names.Subject("customer-saved")}\"", log, StringComparison.Ordinal);
        Assert.Contains($"Publish Violation - User \"{SecuredNatsServer.PublisherUser}\", Subject \"{names.Subject(KnapscenSubjects.StepResults)}\"", log, StringComparison.Ordinal);
        Assert.Equal(8L * 1024 * 1024, stream.Info.Config.MaxBytes);
        Assert.Equal(2L * 1024 * 1024, (await jetStream.GetStreamAsync(names.DeadLetterStream)).Info.Config.MaxBytes);
    }

    [Fact]
    public async Task The_cli_publishes_with_credentials_over_tls_and_a_wrong_password_fails_in_one_line_without_it()
    {
        await using var nats = await SecuredNatsServer.StartAsync();
        var environment = nats.ProcessEnvironment(SecuredNatsServer.OrchestratorUser);
        const string wrongPassword = "wrong-Password-77d0e2";

        var published = await Cli.RunAsync(environment, "publish", "customer-registered", "--sample");
        var refused = await Cli.RunAsync(nats.ProcessEnvironment(SecuredNatsServer.OrchestratorUser, wrongPassword), "publish", "customer-registered", "--sample");

        Assert.True(published.ExitCode == 0, published.Output + published.Error);
        Assert.Contains("Published customer-registered", published.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"could not publish to NATS at {nats.Url}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, refused.Output + refused.Error, StringComparison.Ordinal);
        await using var orchestrator = nats.OrchestratorConnection();
        var stream = await new NatsJSContext(orchestrator).GetStreamAsync(new JetStreamNames(nats.Prefix).IntakeStream);
        Assert.Equal(1, stream.Info.State.Messages);
    }

    [Fact]
    public async Task A_step_known_by_its_nkey_seed_file_publishes_its_result_and_nothing_else()
    {
        await using var nats = await SecuredNatsServer.StartAsync();
        var names = new JetStreamNames(nats.Prefix);
        await using var orchestrator = nats.OrchestratorConnection();
        var jetStream = await nats.EnsureStreamsAsync(orchestrator);
        var settings = nats.Connection(SecuredNatsServer.StepUser) with { User = null, Password = null, NKeySeedFile = nats.StepNKeySeedFile };

        await using (var step = new NatsConnection(settings.ToNatsOpts("test-nkey-step")))
        {
            await step.PublishAsync(names.Subject(KnapscenSubjects.CustomerRegistered), Encoding.UTF8.GetBytes("forged registration"));
            await step.PublishAsync(names.Subject(OwnResultSubject), Encoding.UTF8.GetBytes("a step's own result"));
            await step.PingAsync();
        }

        var stream = await jetStream.GetStreamAsync(names.IntakeStream, new StreamInfoRequest { SubjectsFilter = ">" });
        Assert.Equal([names.Subject(OwnResultSubject)], (stream.Info.State.Subjects ?? new Dictionary<string, long>()).Keys);
        var log = nats.Log();
        Assert.True(log.Contains("Subject \"customer-registered\"", StringComparison.Ordinal), string.Join('\n', log.Split('\n').Where(line => line.Contains("[ERR]", StringComparison.Ordinal))));
    }

    /// <summary>Where a launch publishes its own result (knapscen.results.&lt;saga&gt;.&lt;launch&gt;.&lt;token&gt;).</summary>
    private const string OwnResultSubject = "knapscen.results.0f9d3c2a6b7e4d1c8a5f2e3b4c6d7e8f.register-customer-1.c0ffee";

    private static void AssertNoSecret(IEnumerable<string> output, SecuredNatsServer nats)
    {
        foreach (var password in nats.Passwords.Values)
        {
            Assert.DoesNotContain(output, line => line.Contains(password, StringComparison.Ordinal));
        }
    }

    private static async Task<JsonElement> ReadyAsync(HttpClient client)
    {
        using (client)
        {
            using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }

    private static async Task<Serve> StartServeAsync(Dictionary<string, string> environment, bool waitReady = true)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        environment["Api__Urls"] = baseAddress.GetLeftPart(UriPartial.Authority);
        environment["Api__Tokens__ops__Token"] = Token;
        environment["Api__Tokens__ops__Role"] = "admin";
        environment["Logging__LogLevel__Default"] = "Debug";
        var serve = new Serve(OrchestratorProcess.Start(environment, "serve"), baseAddress);
        if (waitReady)
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        using var client = serve.Client(Token);
                        using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                Timeout,
                "serve ready over TLS");
        }

        return serve;
    }


    private sealed record Serve(OrchestratorProcess Process, Uri BaseAddress) : IAsyncDisposable
    {
        public HttpClient Client(string token)
        {
            var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
