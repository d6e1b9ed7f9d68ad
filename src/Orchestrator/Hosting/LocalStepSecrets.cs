using Microsoft.Extensions.Configuration;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.Hosting;

/// <summary>
/// On the embedded defaults there is no Kubernetes secret <c>knapscen-config</c>: the local launcher gets its DB_* and
/// NATS_* keys from the orchestrator's own settings, unless configuration already names them.
/// </summary>
internal static class LocalStepSecrets
{
    private const string Prefix = "LocalLauncher:Secrets:knapscen-config:";

    public static void AddDefaults(IConfigurationManager configuration, string connectionString)
    {
        if (configuration.GetSection(Prefix.TrimEnd(':')).Exists())
        {
            return;
        }

        var database = new MySqlConnectionStringBuilder(connectionString);
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Prefix + "DB_HOST"] = database.Server,
            [Prefix + "DB_PORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Prefix + "DB_USER"] = database.UserID,
            [Prefix + "DB_PASSWORD"] = database.Password,
            [Prefix + "DB_NAME"] = database.Database,
            [Prefix + "NATS_SERVER"] = configuration["Nats:Url"],
        });
    }
}
