using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// On the embedded defaults there is no Kubernetes secret <c>knapscen-config</c>: the local launcher gets its DB_* and
/// NATS_* keys (credentials and TLS files included) from the orchestrator's own settings, unless configuration already sets them.
/// </summary>
internal static class LocalStepSecrets
{
    private const string Prefix = "LocalLauncher:Secrets:knapscen-config:";

    public static void AddDefaults(IConfigurationManager configuration, string connectionString)
    {
        var database = new MySqlConnectionStringBuilder(connectionString);
        var defaults = new Dictionary<string, string?>
        {
            [Prefix + "DB_HOST"] = database.Server,
            [Prefix + "DB_PORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Prefix + "DB_USER"] = database.UserID,
            [Prefix + "DB_PASSWORD"] = database.Password,
            [Prefix + "DB_NAME"] = database.Database,
            [Prefix + "DB_SSL_MODE"] = database.SslMode.ToString(),
            [Prefix + "DB_SSL_CA"] = NullIfEmpty(database.SslCa),
            [Prefix + "NATS_SERVER"] = configuration["Nats:Url"],
            // The orchestrator's own identity unless configuration gives the steps one of their own (as the deploy does).
            [Prefix + "NATS_USER"] = configuration["Nats:User"],
            [Prefix + "NATS_PASSWORD"] = configuration["Nats:Password"],
            [Prefix + "NATS_TOKEN"] = configuration["Nats:Token"],
            [Prefix + "NATS_NKEY_SEED_FILE"] = configuration["Nats:NKeySeedFile"],
            [Prefix + "NATS_CREDS_FILE"] = configuration["Nats:CredsFile"],
            [Prefix + "NATS_TLS_CA_FILE"] = configuration["Nats:Tls:CaFile"],
            [Prefix + "NATS_TLS_CERT_FILE"] = configuration["Nats:Tls:CertFile"],
            [Prefix + "NATS_TLS_KEY_FILE"] = configuration["Nats:Tls:KeyFile"],
            [Prefix + "NATS_TLS_REQUIRED"] = configuration["Nats:Tls:Required"],
        };
        // Key by key: configuring one value (say EMAIL_OUTBOX_DIR) must not drop the others.
        configuration.AddInMemoryCollection(defaults.Where(pair => pair.Value is not null && configuration[pair.Key] is null));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
