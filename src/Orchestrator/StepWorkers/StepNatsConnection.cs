using Knapscen.Sagas.Adapters.Nats.Connection;

namespace Knapscen.Sagas.Orchestrator.StepWorkers;

/// <summary>
/// A step's NATS identity from the knapscen-config secret: NATS_USER/NATS_PASSWORD as the original containers read
/// them, or NATS_TOKEN, NATS_NKEY_SEED_FILE, NATS_CREDS_FILE; TLS from NATS_TLS_CA_FILE, NATS_TLS_CERT_FILE,
/// NATS_TLS_KEY_FILE and NATS_TLS_REQUIRED.
/// </summary>
internal static class StepNatsConnection
{
    public const string Variables =
        "NATS_SERVER, NATS_USER, NATS_PASSWORD, NATS_TOKEN, NATS_NKEY_SEED_FILE, NATS_CREDS_FILE, NATS_TLS_CA_FILE, NATS_TLS_CERT_FILE, NATS_TLS_KEY_FILE, NATS_TLS_REQUIRED, NATS_SUBJECT";

    public static NatsConnectionSettings Read(StepEnvironment environment, string server)
    {
        var settings = new NatsConnectionSettings(server)
        {
            User = environment.Optional("NATS_USER"),
            Password = environment.Optional("NATS_PASSWORD"),
            Token = environment.Optional("NATS_TOKEN"),
            NKeySeedFile = ExistingFile(environment, "NATS_NKEY_SEED_FILE"),
            CredsFile = ExistingFile(environment, "NATS_CREDS_FILE"),
            TlsCaFile = ExistingFile(environment, "NATS_TLS_CA_FILE"),
            TlsCertFile = ExistingFile(environment, "NATS_TLS_CERT_FILE"),
            TlsKeyFile = ExistingFile(environment, "NATS_TLS_KEY_FILE"),
            TlsRequired = environment.Flag("NATS_TLS_REQUIRED"),
        };
        return (settings.TlsCertFile is null) == (settings.TlsKeyFile is null)
            ? settings
            : throw new StepFailedException("NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together");
    }

    private static string? ExistingFile(StepEnvironment environment, string name) =>
        environment.Optional(name) is not { } path ? null
        : File.Exists(path) ? path
        : throw new StepFailedException($"{name} '{path}' does not exist or is not a file");
}
