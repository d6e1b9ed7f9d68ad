using System.Diagnostics;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Security;

/// <summary>
/// A MariaDB of the test's own on loopback with a server certificate from <see cref="TestCertificates"/> and
/// <c>require_secure_transport=ON</c>: the stack's shared server accepts plain connections, so it cannot show a refusal.
/// Stopped, and its data removed, when disposed.
/// </summary>
internal sealed class SecuredMariaDb : IAsyncDisposable
{
    public const string Database = "knapscen_tls";
    public const string User = "knapscen";

    private readonly Process server;

    private SecuredMariaDb(Process server, string folder, int port, TestCertificates certificates)
    {
        this.server = server;
        Folder = folder;
        Port = port;
        Certificates = certificates;
    }

    public string Folder { get; }

    public int Port { get; }

    public TestCertificates Certificates { get; }

    public string Password { get; } = "maria-" + Guid.NewGuid().ToString("N");

    private string ConfigFile => Path.Combine(Folder, "my.cnf");

    public static async Task<SecuredMariaDb> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "knapscen-secure-mariadb-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        Process? process = null;
        try
        {
            var certificates = TestCertificates.Create(Path.Combine(folder, "certs"));
            var port = LoopbackPorts.Free();
            var config = Path.Combine(folder, "my.cnf");
            await File.WriteAllTextAsync(config, $"""
                [mysqld]
                datadir={folder}/data
                socket={folder}/mysqld.sock
                pid-file={folder}/mysqld.pid
                log-error={folder}/mysqld.log
                port={port}
                bind-address=127.0.0.1
                skip-name-resolve
                innodb_buffer_pool_size=32M
                ssl-ca={certificates.CaFile}
                ssl-cert={certificates.ServerCertFile}
                ssl-key={certificates.ServerKeyFile}
                require_secure_transport=ON
                [client]
                socket={folder}/mysqld.sock
                user=root
                """);
            await RunAsync("mariadb-install-db", null, $"--defaults-file={config}", "--auth-root-authentication-method=socket");
            // --defaults-file must come first, or /etc/mysql/my.cnf is read as well; as root mariadbd needs --user.
            var start = new ProcessStartInfo("mariadbd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add($"--defaults-file={config}");
            if (Environment.UserName == "root")
            {
                start.ArgumentList.Add("--user=root");
            }

            process = Process.Start(start) ?? throw new InvalidOperationException("could not start mariadbd");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var maria = new SecuredMariaDb(process, folder, port, certificates);
            await Eventually.TrueAsync(
                async () => !process.HasExited
                    ? await TryRunAsync("mariadb-admin", null, $"--defaults-file={config}", "ping")
                    : throw new InvalidOperationException($"mariadbd exited: {await File.ReadAllTextAsync(Path.Combine(folder, "mysqld.log"))}"),
                TimeSpan.FromSeconds(60),
                "the TLS-only mariadbd answering ping");
            // The socket counts as secure transport, so root sets the server up through it.
            await RunAsync("mariadb", $"""
                CREATE DATABASE `{Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
                CREATE USER '{User}'@'127.0.0.1' IDENTIFIED BY '{maria.Password}';
                GRANT ALL PRIVILEGES ON `{Database}`.* TO '{User}'@'127.0.0.1';
                """, $"--defaults-file={config}");
            return maria;
        }
        catch
        {
            if (process is { HasExited: false })
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public string ConnectionString(MySqlSslMode mode) => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        Database = Database,
        UserID = User,
        Password = Password,
        SslMode = mode,
        SslCa = mode is MySqlSslMode.VerifyCA or MySqlSslMode.VerifyFull ? Certificates.CaFile : "",
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (!server.HasExited)
        {
            // A clean shutdown, so nothing is left half-written in a folder that is removed anyway.
            await TryRunAsync("mariadb-admin", null, $"--defaults-file={ConfigFile}", "shutdown");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await server.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
        }

        server.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static async Task RunAsync(string program, string? input, params string[] arguments)
    {
        var (exitCode, error) = await ExecuteAsync(program, input, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({exitCode}): {error}");
        }
    }

    private static async Task<bool> TryRunAsync(string program, string? input, params string[] arguments) =>
        (await ExecuteAsync(program, input, arguments)).ExitCode == 0;

    private static async Task<(int ExitCode, string Error)> ExecuteAsync(string program, string? input, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, await error);
    }
}
