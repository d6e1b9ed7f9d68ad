using System.Security.Cryptography;
using System.Text;

namespace Knapscen.Sagas.Orchestrator.Api.Security;

/// <summary>The configured tokens, and the constant-time lookup of a presented one.</summary>
internal sealed class ApiTokenSet(IReadOnlyList<ApiToken> tokens)
{
    public IReadOnlyList<ApiToken> Tokens { get; } = tokens;

    public bool IsEmpty => Tokens.Count == 0;

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>
    /// Compares hashes so every comparison has the same length whatever was presented, and visits every token without
    /// stopping at a match, so the time taken says nothing about which token (or how much of one) was right.
    /// </summary>
    public ApiToken? Find(string presented)
    {
        var presentedHash = Hash(presented);
        ApiToken? match = null;
        foreach (var token in Tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedHash, token.SecretHash))
            {
                match = token;
            }
        }

        return match;
    }
}
