using System.Security.Cryptography;
using System.Text;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// The secret that binds a result to its launch: an HMAC of (saga id, launch id) under the installation's key. Only the
/// orchestrator (which holds the key) and the launch it was given to know it, so a result cannot be forged, moved to
/// another saga or dressed up as another launch; and being derived, not drawn, the same launch redelivered after a
/// failed commit gets the same token as the Job it already created, and any replica can check any launch's token.
/// </summary>
public sealed class LaunchTokens
{
    /// <summary>128 bits, as 32 lowercase hex characters (a valid NATS subject token).</summary>
    private const int TokenBytes = 16;

    private readonly Lazy<byte[]> key;

    /// <param name="loadKey">Called once, on first use; the key must be the same for every replica of an installation.</param>
    public LaunchTokens(Func<byte[]> loadKey)
    {
        ArgumentNullException.ThrowIfNull(loadKey);
        key = new Lazy<byte[]>(() =>
        {
            var loaded = loadKey();
            return loaded.Length >= 32 ? loaded : throw new InvalidOperationException("The launch token key must have at least 256 bits.");
        });
    }

    public string For(Guid sagaId, string launchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(launchId);
        var mac = HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes($"{sagaId:N}/{launchId}"));
        return Convert.ToHexStringLower(mac.AsSpan(0, TokenBytes));
    }

    /// <summary>Constant-time, so timing does not tell an outsider how much of a guess was right.</summary>
    public bool Matches(Guid sagaId, string launchId, string? token) =>
        token is not null
        && launchId.Length > 0
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(sagaId, launchId)), Encoding.ASCII.GetBytes(token));
}
