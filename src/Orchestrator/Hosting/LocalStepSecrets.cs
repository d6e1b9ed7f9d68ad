using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// On the embedded defaults there is no Kubernetes secret <c>knapscen-config</c>: the local launcher gets its DB_* and
/// NATS_* keys from the orchestrator's own settings, unless configuration already sets them.
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
            [Prefix + "NATS_SERVER"] = configuration["Nats:Url"],
        };
        // Key by key: configuring one value (say EMAIL_OUTBOX_DIR) must not drop the others.
        configuration.AddInMemoryCollection(defaults.Where(pair => configuration[pair.Key] is null));
    }
}
