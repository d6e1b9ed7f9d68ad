using System.Diagnostics;
using Knapscen.Sagas.Adapters.Nats.Connection;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Adapters.Nats;
using Knapscen.Sagas.Adapters.Nats.Topology;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.NKeys;

namespace Knapscen.Sagas.Tests.Security;

/// <summary>
/// A nats-server of the test's own on loopback: TLS with client certificates, and three users with the permissions
/// the deploy gives them (orchestrator, step, publisher). The shared server of
/// the stack runs without either, so these tests need their own; it goes with its folder when disposed.
/// </summary>
internal sealed class SecuredNatsServer : IAsyncDisposable
{
    public const string OrchestratorUser = "orchestrator";
    public const string StepUser = "step";
    public const string PublisherUser = "publisher";

    private Process process;

    // The process starts after the configuration, which is written from this object.
    private SecuredNatsServer(Process? process, string folder, int port, string prefix, TestCertificates certificates)
    {
        this.process = process!;
        Folder = folder;
        Port = port;
        Prefix = prefix;
        Certificates = certificates;
    }

    public string Folder { get; }

    public int Port { get; }

    public string Prefix { get; }

    public TestCertificates Certificates { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public string LogFile => Path.Combine(Folder, "nats.log");

    /// <summary>A second step identity, known to the server by its NKey only; the seed file is what a mounted secret holds.</summary>
    public string StepNKeySeedFile => Path.Combine(Folder, "step.nk");

    private KeyPair StepNKey { get; } = KeyPair.CreatePair(PrefixByte.User);

    /// <summary>A password per user, fresh for each server, so a test can search output for it.</summary>
    public IReadOnlyDictionary<string, string> Passwords { get; } = new Dictionary<string, string>
    {
        [OrchestratorUser] = "orch-" + Guid.NewGuid().ToString("N"),
        [StepUser] = "step-" + Guid.NewGuid().ToString("N"),
        [PublisherUser] = "pub-" + Guid.NewGuid().ToString("N"),
    };

    public static async Task<SecuredNatsServer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "knapscen-secure-nats-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            return await StartInAsync(folder);
        }
        catch
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            throw;
        }
    }

    private static async Task<SecuredNatsServer> StartInAsync(string folder)
    {
        var certificates = TestCertificates.Create(Path.Combine(folder, "certs"));
        var port = LoopbackPorts.Free();
        var monitor = LoopbackPorts.Free();
        // No prefix: the server is the test's own, and the steps publish to the catalog's unprefixed result subjects.
        var prefix = "";
        var start = new ProcessStartInfo("nats-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var server = new SecuredNatsServer(null, folder, port, prefix, certificates);
        var config = Path.Combine(folder, "nats.conf");
        await File.WriteAllTextAsync(config, server.Configuration(monitor));
        await File.WriteAllTextAsync(server.StepNKeySeedFile, server.StepNKey.GetSeed() + "\n");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nats-server");
        server.process = process;
        // Its log goes to the file; the pipes are drained so the server never blocks on them.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitReadyAsync(process, monitor, server.LogFile);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private static async Task WaitReadyAsync(Process process, int monitor, string logFile)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{monitor}/healthz"));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return !process.HasExited ? false : throw new InvalidOperationException($"nats-server exited: {ReadLog(logFile)}");
                }
            },
            TimeSpan.FromSeconds(30),
            "the secured nats-server answering /healthz");
    }

    /// <summary>What a client of <paramref name="user"/> presents: the user's password and the client certificate.</summary>
    public NatsOpts Options(string user, string clientName) =>
        Connection(user).ToNatsOpts(clientName, user == OrchestratorUser ? NatsConnectionSettings.OrchestratorInboxPrefix : "_INBOX");

    public NatsConnection OrchestratorConnection() => new(Options(OrchestratorUser, "test-orchestrator"));

    /// <summary>The streams as serve creates them, by the orchestrator identity: publishers and steps cannot.</summary>
    public async Task<NatsJSContext> EnsureStreamsAsync(NatsConnection orchestrator, NatsOptions? settings = null)
    {
        var jetStream = new NatsJSContext(orchestrator);
        var options = Microsoft.Extensions.Options.Options.Create(settings ?? new NatsOptions { Url = Url, SubjectPrefix = Prefix });
        await new JetStreamTopology(jetStream, new JetStreamNames(Prefix), options).EnsureStreamsAsync(CancellationToken.None);
        return jetStream;
    }

    public NatsConnectionSettings Connection(string user, string? password = null) => new(Url)
    {
        User = user,
        Password = password ?? Passwords[user],
        TlsCaFile = Certificates.CaFile,
        TlsCertFile = Certificates.ClientCertFile,
        TlsKeyFile = Certificates.ClientKeyFile,
    };

    /// <summary>The <c>Nats__*</c> variables of a knapscen process connecting as <paramref name="user"/>.</summary>
    public Dictionary<string, string> ProcessEnvironment(string user, string? password = null) => new()
    {
        ["Nats__Url"] = Url,
        ["Nats__SubjectPrefix"] = Prefix,
        ["Nats__User"] = user,
        ["Nats__Password"] = password ?? Passwords[user],
        ["Nats__Tls__CaFile"] = Certificates.CaFile,
        ["Nats__Tls__CertFile"] = Certificates.ClientCertFile,
        ["Nats__Tls__KeyFile"] = Certificates.ClientKeyFile,
    };

    public string Log() => ReadLog(LogFile);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }

        process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static string ReadLog(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // The same shape as deploy/base/nats: their launches' result subjects only for steps, customer-registered only for publishers.
    private string Configuration(int monitor)
    {
        var results = Quoted(Prefix + "knapscen.results.>");
        return $$"""
            listen: "127.0.0.1:{{Port}}"
            http: "127.0.0.1:{{monitor}}"
            log_file: {{Quoted(LogFile)}}
            jetstream { store_dir: {{Quoted(Path.Combine(Folder, "data"))}} }
            tls {
              cert_file: {{Quoted(Certificates.ServerCertFile)}}
              key_file: {{Quoted(Certificates.ServerKeyFile)}}
              ca_file: {{Quoted(Certificates.CaFile)}}
              verify: true
              timeout: 5
            }
            authorization {
              users: [
                { user: "{{OrchestratorUser}}", password: "{{Passwords[OrchestratorUser]}}", permissions: { publish: ">", subscribe: ">" } }
                { user: "{{StepUser}}", password: "{{Passwords[StepUser]}}", permissions: { publish: [{{results}}], subscribe: ["_INBOX.>"] } }
                { nkey: "{{StepNKey.GetPublicKey()}}", permissions: { publish: [{{results}}], subscribe: ["_INBOX.>"] } }
                { user: "{{PublisherUser}}", password: "{{Passwords[PublisherUser]}}", permissions: { publish: [{{Quoted(Prefix + "customer-registered")}}], subscribe: ["_INBOX.>"] } }
              ]
            }
            """;
    }

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

}
