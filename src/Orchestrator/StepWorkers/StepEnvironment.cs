using System.Globalization;
using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>The environment contract of the original step containers (the knapscen-config secret plus per-step values).</summary>
internal sealed class StepEnvironment(Func<string, string?> read, TimeProvider clock)
{
    public StepEnvironment(Func<string, string?> read)
        : this(read, TimeProvider.System)
    {
    }

    public static StepEnvironment FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <summary>Touchpoint dates and event times come from here, so tests can pin "today".</summary>
    public TimeProvider Clock { get; } = clock;

    public string Required(string name) =>
        read(name) is { Length: > 0 } value ? value : throw new StepFailedException($"environment variable {name} is not set");

    public string? Optional(string name) => read(name) is { Length: > 0 } value ? value : null;

    /// <summary>The saga id, in the canonical lower-case form every table and event uses, whatever case the caller sent.</summary>
    public string CustomerId()
    {
        var value = Required("CUSTOMER_ID");
        return Guid.TryParseExact(value, "D", out var id)
            ? id.ToString("D")
            : throw new StepFailedException($"CUSTOMER_ID '{value}' is not a UUID");
    }

    public string SubscriptionTier()
    {
        var value = Required("SUBSCRIPTION_TIER");
        return SubscriptionTiers.IsKnown(value)
            ? value
            : throw new StepFailedException($"SUBSCRIPTION_TIER '{value}' is not one of {string.Join(", ", SubscriptionTiers.All)}");
    }

    public int NonNegativeInteger(string name)
    {
        var value = Required(name);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new StepFailedException($"{name} '{value}' is not a non-negative integer");
    }

    /// <summary>true/false (or 1/0); unset is false.</summary>
    public bool Flag(string name) => Optional(name)?.ToLowerInvariant() switch
    {
        null or "false" or "0" => false,
        "true" or "1" => true,
        var other => throw new StepFailedException($"{name} '{other}' is not true or false"),
    };

    public string ConnectionString() => new MySqlConnectionStringBuilder
    {
        Server = Required("DB_HOST"),
        Port = DatabasePort(),
        UserID = Required("DB_USER"),
        Password = read("DB_PASSWORD") ?? "",
        Database = Required("DB_NAME"),
        // A Job has its own retries and deadline: fail fast and say why rather than hang on an unreachable host.
        ConnectionTimeout = 10,
        // Affected rather than matched rows: INSERT ... ON DUPLICATE KEY UPDATE then reports 0 for "already there",
        // which is how the steps tell a first run from a rerun.
        UseAffectedRows = true,
        // The domain ids are CHAR(36) text in the original schema; read them back as the text they are.
        GuidFormat = MySqlGuidFormat.None,
        SslMode = DatabaseSslMode(),
        SslCa = Optional("DB_SSL_CA") ?? "",
    }.ConnectionString;

    /// <summary>DB_SSL_MODE as MySqlConnector names it (None, Preferred, Required, VerifyCA, VerifyFull); Preferred when unset.</summary>
    private MySqlSslMode DatabaseSslMode()
    {
        var value = Optional("DB_SSL_MODE");
        if (value is null)
        {
            return MySqlSslMode.Preferred;
        }

        return Enum.TryParse<MySqlSslMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _)
            ? mode
            : throw new StepFailedException($"DB_SSL_MODE '{value}' is not one of None, Preferred, Required, VerifyCA, VerifyFull");
    }

    public string DatabaseEndpoint() => $"{Required("DB_HOST")}:{DatabasePort()}";

    private uint DatabasePort()
    {
        var value = Optional("DB_PORT");
        if (value is null)
        {
            return 3306;
        }

        return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new StepFailedException($"DB_PORT '{value}' is not a port number");
    }
}
