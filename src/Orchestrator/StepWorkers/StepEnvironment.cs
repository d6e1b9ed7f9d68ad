using MySqlConnector;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>The environment contract of the original step containers (the knapscen-config secret plus per-step values).</summary>
internal sealed class StepEnvironment(Func<string, string?> read)
{
    public static StepEnvironment FromProcess() => new(Environment.GetEnvironmentVariable);

    public string Required(string name) =>
        read(name) is { Length: > 0 } value ? value : throw new StepFailedException($"environment variable {name} is not set");

    public string ConnectionString() => new MySqlConnectionStringBuilder
    {
        Server = Required("DB_HOST"),
        Port = uint.TryParse(read("DB_PORT"), out var port) ? port : 3306,
        UserID = Required("DB_USER"),
        Password = read("DB_PASSWORD") ?? "",
        Database = Required("DB_NAME"),
    }.ConnectionString;
}
