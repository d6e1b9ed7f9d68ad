using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.StepWorkers;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Security;

[Trait("Tier", "integration")]
public sealed class When_mysql_requires_tls
{
    private const string Refusal = "(the connection was not encrypted: {0} is None; a server that requires secure transport refuses it this way; use VerifyCA with the server's CA)";

    [Fact]
    public async Task The_orchestrator_and_a_step_connect_with_verify_ca_and_a_plain_connection_is_refused_with_the_reason()
    {
        await using var maria = await SecuredMariaDb.StartAsync();

        var migrated = await Cli.RunAsync(Orchestrator(maria.ConnectionString(MySqlSslMode.VerifyCA)), "db", "migrate");
        var plain = await Cli.RunAsync(Orchestrator(maria.ConnectionString(MySqlSslMode.None)), "db", "migrate");
        var customerId = Guid.NewGuid().ToString();
        var step = await StepProcess.RunAsync("register-customer", Step(maria, customerId, "VerifyCA", maria.Certificates.CaFile));
        var plainStep = await StepProcess.RunAsync("register-customer", Step(maria, Guid.NewGuid().ToString(), "None", null));
        var badMode = await StepProcess.RunInProcessAsync("register-customer", Step(maria, Guid.NewGuid().ToString(), "Sometimes", null));

        Assert.True(migrated.ExitCode == 0, migrated.Output + migrated.Error);
        Assert.True(step.ExitCode == 0, step.Describe());
        Assert.Equal(1, plain.ExitCode);
        Assert.Equal(
            $"Database:ConnectionString (environment variable Database__ConnectionString): cannot use database '{SecuredMariaDb.Database}' on 127.0.0.1:{maria.Port}: Access denied for user 'knapscen'@'127.0.0.1' (using password: YES) {string.Format(Refusal, "SslMode in Database:ConnectionString")}",
            plain.Error.Trim());
        Assert.DoesNotContain(maria.Password, plain.Error + plain.Output, StringComparison.Ordinal);
        Assert.Equal(1, plainStep.ExitCode);
        Assert.Equal(
            [$"register-customer: cannot reach the database at 127.0.0.1:{maria.Port}: Access denied for user 'knapscen'@'127.0.0.1' (using password: YES) {string.Format(Refusal, "DB_SSL_MODE")}"],
            plainStep.Stderr);
        Assert.Equal(["register-customer: DB_SSL_MODE 'Sometimes' is not one of None, Preferred, Required, VerifyCA, VerifyFull"], badMode.Stderr);
        await using var connection = new MySqlConnection(maria.ConnectionString(MySqlSslMode.VerifyCA));
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM corporate_customers", connection);
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await using var cipher = new MySqlCommand("SHOW SESSION STATUS LIKE 'Ssl_cipher'", connection);
        await using var reader = await cipher.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.NotEqual("", reader.GetString(1));
    }

    private static Dictionary<string, string> Orchestrator(string connectionString) => new()
    {
        ["Database__ConnectionString"] = connectionString,
    };

    private static Dictionary<string, string> Step(SecuredMariaDb maria, string customerId, string sslMode, string? caFile)
    {
        var environment = new Dictionary<string, string>
        {
            ["DB_HOST"] = "127.0.0.1",
            ["DB_PORT"] = maria.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DB_USER"] = SecuredMariaDb.User,
            ["DB_PASSWORD"] = maria.Password,
            ["DB_NAME"] = SecuredMariaDb.Database,
            ["DB_SSL_MODE"] = sslMode,
            ["CUSTOMER_ID"] = customerId,
            ["COMPANY_NAME"] = "TLS Corp",
            ["SUBSCRIPTION_TIER"] = "basic",
            ["COMPANY_DATA"] = "{}",
        };
        if (caFile is not null)
        {
            environment["DB_SSL_CA"] = caFile;
        }

        return environment;
    }
}
