using System.ComponentModel.DataAnnotations;
using Knapscen.Sagas.Adapters.Nats.Connection;

namespace Knapscen.Sagas.Adapters.Nats;

/// <summary>Configuration section <c>Nats</c>.</summary>
public sealed class NatsOptions
{
    public const string Section = "Nats";

    [Required(ErrorMessage = "Nats:Url is required (environment variable Nats__Url), e.g. nats://127.0.0.1:4222")]
    public string Url { get; set; } = "";

    /// <summary>Prepended to every subject and stream name, so several installations (or tests) share one server.</summary>
    [RegularExpression("^([A-Za-z0-9_-]+\\.)?$", ErrorMessage = "Nats:SubjectPrefix must be empty or one token followed by a dot, e.g. 'staging.'")]
    public string SubjectPrefix { get; set; } = "";

    [Required]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Nats:ConsumerName may hold letters, digits, '_' and '-' only")]
    public string ConsumerName { get; set; } = "knapscen-orchestrator";

    /// <summary>Larger bodies are dead-lettered unread: a customer registration is a few kilobytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Events of different sagas are processed in parallel by this many workers (each a group transaction at a time);
    /// one saga's events stay in order. Events arriving while every worker is in a transaction wait and go together in
    /// the next group, so fewer workers make larger groups: each event then costs less CPU, and what the machine saves
    /// shortens the queues. On two cores (the database included) 2 workers beat 8 at every load the benchmark measures;
    /// more pay off when the database's round trips, not the CPU, are what a worker waits for (docs/benchmark.md).
    /// </summary>
    [Range(1, 256)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Group commit: a worker applies the next events of up to this many sagas (one event each) in one database
    /// transaction and acknowledges them after its commit. 1 turns it off (a transaction per event).
    /// </summary>
    [Range(1, 256)]
    public int GroupCommitSize { get; set; } = 64;

    /// <summary>
    /// How long a worker holding fewer ready sagas than <see cref="GroupCommitSize"/> waits for more before it starts.
    /// 0: never waits, so a lone event is as fast as without group commit; under load the groups fill by themselves.
    /// </summary>
    [Range(0, 1000)]
    public int GroupCommitMaxWaitMs { get; set; }

    /// <summary>Invalid events are dead-lettered by these workers, apart from the saga workers, so a flood of them delays no saga.</summary>
    [Range(1, 64)]
    public int DeadLetterWorkers { get; set; } = 16;

    [Range(1, 3600)]
    public int AckWaitSeconds { get; set; } = 30;

    /// <summary>After this many failed deliveries an event is dead-lettered with the last error instead of blocking forever.</summary>
    [Range(1, 1000)]
    public int MaxDeliveries { get; set; } = 20;

    /// <summary>User name for user/password authentication; keep the password in a secret, never in the URL.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public string? Token { get; set; }

    /// <summary>File holding the user's NKey seed (<c>SU…</c>), e.g. a mounted secret.</summary>
    public string? NKeySeedFile { get; set; }

    /// <summary>A <c>.creds</c> file (user JWT and seed) for servers with decentralized (operator) authentication.</summary>
    public string? CredsFile { get; set; }

    public NatsTlsOptions Tls { get; set; } = new();

    /// <summary>The intake stream refuses new events beyond this (publishers get an error) rather than drop old ones unread.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long IntakeMaxBytes { get; set; } = 512L * 1024 * 1024;

    [Range(1, 3650)]
    public int IntakeMaxAgeDays { get; set; } = 7;

    /// <summary>
    /// How often the intake stream is checked; once it holds half of <see cref="IntakeMaxBytes"/>, the events the
    /// orchestrator already acknowledged are purged, so a busy installation never fills it with work already done.
    /// </summary>
    [Range(1, 3600)]
    public int IntakeTrimIntervalSeconds { get; set; } = 30;

    [Range(1024 * 1024, long.MaxValue)]
    public long OutcomeMaxBytes { get; set; } = 128L * 1024 * 1024;

    [Range(1, 3650)]
    public int OutcomeMaxAgeDays { get; set; } = 30;

    /// <summary>Dead letters past this drop the oldest: a flood of bad events must never stop the intake.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long DeadLetterMaxBytes { get; set; } = 128L * 1024 * 1024;

    [Range(1, 3650)]
    public int DeadLetterMaxAgeDays { get; set; } = 30;

    public NatsConnectionSettings Connection() => new(Url)
    {
        User = Given(User),
        Password = Given(Password),
        Token = Given(Token),
        NKeySeedFile = Given(NKeySeedFile),
        CredsFile = Given(CredsFile),
        TlsCaFile = Given(Tls.CaFile),
        TlsCertFile = Given(Tls.CertFile),
        TlsKeyFile = Given(Tls.KeyFile),
        TlsRequired = Tls.Required,
    };

    /// <summary>An environment variable set to nothing (<c>Nats__Token=</c>) means "not set".</summary>
    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
