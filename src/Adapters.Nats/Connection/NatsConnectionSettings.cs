using NATS.Client.Core;
using NATS.NKeys;

namespace Knapscen.Sagas.Adapters.Nats.Connection;

/// <summary>
/// Where and how to connect to NATS, whichever source the values came from (the orchestrator's <c>Nats</c> section, a
/// step's NATS_* variables). Secrets stay in here: what may be shown is <see cref="DisplayUrl"/>.
/// </summary>
public sealed record NatsConnectionSettings(string Url)
{
    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    /// <summary>A file holding the user's NKey seed (<c>SU…</c>); the server knows the user by its public key.</summary>
    public string? NKeySeedFile { get; init; }

    /// <summary>A decentralized-auth <c>.creds</c> file (user JWT and NKey seed).</summary>
    public string? CredsFile { get; init; }

    public string? TlsCaFile { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>Refuse a server that does not speak TLS instead of falling back to plain text.</summary>
    public bool TlsRequired { get; init; }

    /// <summary>The URL without user information: for logs, health output and error messages.</summary>
    public string DisplayUrl => NatsUrls.Redacted(Url);

    /// <summary>
    /// The orchestrator's replies and pull-consumer deliveries (personal data) arrive under this prefix, so a server can
    /// let publishers and steps subscribe to <c>_INBOX.&gt;</c> for their acks without letting them read those.
    /// </summary>
    public const string OrchestratorInboxPrefix = "_KNAPSCEN_INBOX";

    public NatsOpts ToNatsOpts(string clientName, string inboxPrefix = "_INBOX")
    {
        var seed = NKeySeedFile is null ? null : File.ReadAllText(NKeySeedFile).Trim();
        return NatsOpts.Default with
        {
            Url = Url,
            Name = clientName,
            InboxPrefix = inboxPrefix,
            AuthOpts = NatsAuthOpts.Default with
            {
                Username = User,
                Password = Password,
                Token = Token,
                // The client's own NKey file format wants seed and public key; a bare seed (what a secret holds) is enough.
                Seed = seed,
                NKey = seed is null ? null : KeyPair.FromSeed(seed).GetPublicKey(),
                CredsFile = CredsFile,
            },
            TlsOpts = NatsTlsOpts.Default with
            {
                CaFile = TlsCaFile,
                CertFile = TlsCertFile,
                KeyFile = TlsKeyFile,
                // A CA or client certificate means TLS is meant: never let an INFO sent in plain text talk us out of it.
                Mode = TlsRequired || TlsCaFile is not null || TlsCertFile is not null ? TlsMode.Require : TlsMode.Auto,
            },
        };
    }

    /// <summary>An error text about this connection, with any credential the URL carried taken out.</summary>
    public string Describe(Exception error) => NatsUrls.Scrub(error.Message, Url).ReplaceLineEndings(" ");
}
