using System.Net;
using System.Net.Sockets;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.EndToEnd;

/// <summary>
/// <c>knapscen serve</c> as an operator starts it with one thing wrong: exit code 1 and one line on stderr that names the
/// environment variable to fix, never a stack trace.
/// </summary>
[Trait("Tier", "e2e")]
public sealed class When_serve_cannot_start
{
    public static TheoryData<string> Faults => ["missing connection string", "missing NATS URL", "unknown database", "MySQL unreachable", "NATS unreachable", "port in use"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task It_exits_with_one_line_naming_the_setting(string fault)
    {
        var stack = await Stack.UpAsync();
        await using var database = await TestDatabase.CreateAsync(migrated: false);
        var connectionString = database.ConnectionString;
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Nats__Url"] = stack.NatsUrl,
            ["Database__ConnectionString"] = connectionString,
            ["Api__Urls"] = "http://127.0.0.1:0",
            ["Kubernetes__Enabled"] = "false",
        };
        var setting = Break(fault, environment, busyPort);

        var serve = await Cli.RunAsync(environment, "serve");

        Assert.Equal(1, serve.ExitCode);
        var line = Assert.Single(serve.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Output + serve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(new MySqlConnectionStringBuilder(stack.ConnectionString).Password, serve.Output + serve.Error, StringComparison.Ordinal);
    }

    /// <summary>Applies one fault and returns the environment variable the message must name.</summary>
    private static string Break(string fault, Dictionary<string, string> environment, int busyPort)
    {
        switch (fault)
        {
            case "missing connection string":
                environment["Database__ConnectionString"] = "";
                return "Database__ConnectionString";
            case "missing NATS URL":
                environment["Nats__Url"] = "";
                return "Nats__Url";
            case "unknown database":
                environment["Database__ConnectionString"] = new MySqlConnectionStringBuilder(environment["Database__ConnectionString"]) { Database = "knapscen_no_such_database" }.ConnectionString;
                return "Database__ConnectionString";
            case "MySQL unreachable":
                environment["Database__ConnectionString"] = new MySqlConnectionStringBuilder(environment["Database__ConnectionString"]) { Port = (uint)ClosedPort() }.ConnectionString;
                return "Database__ConnectionString";
            case "NATS unreachable":
                environment["Nats__Url"] = $"nats://127.0.0.1:{ClosedPort()}";
                return "Nats__Url";
            case "port in use":
                environment["Api__Urls"] = $"http://127.0.0.1:{busyPort}";
                return "Api__Urls";
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault");
        }
    }

    /// <summary>A loopback port nothing listens on: connections are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
