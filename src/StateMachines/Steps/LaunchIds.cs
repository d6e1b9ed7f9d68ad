using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Knapscen.Sagas.StateMachines.Steps;

/// <summary>
/// Launch ids double as Kubernetes Job names: deterministic (a redelivered launch finds the Job it already created),
/// a DNS-1123 label of at most 63 characters, and distinct for distinct (saga, step, user, attempt).
/// </summary>
internal static class LaunchIds
{
    public const int MaxLength = 63;

    private const int HashLength = 12;

    /// <summary>
    /// Readable form <c>{step}-{u&lt;index&gt;|s}-a{attempt}-{saga id, 32 hex}</c>. The user token is always present so the
    /// form parses back unambiguously from the right, which makes it injective. When the step name is not already a clean
    /// label or the result is too long, the form becomes <c>{prefix}-{12 hex of SHA-256 of the readable form}</c>: its last
    /// segment is 12 characters where a readable id's is 32, so the two forms never meet.
    /// </summary>
    public static string For(Guid sagaId, string step, int? userIndex, int attempt)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (userIndex is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(userIndex), userIndex, "A user index cannot be negative.");
        }

        var user = userIndex is { } index ? "u" + index.ToString(CultureInfo.InvariantCulture) : "s";
        var readable = string.Create(
            CultureInfo.InvariantCulture,
            $"{step}-{user}-a{attempt}-{sagaId:N}");
        if (readable.Length <= MaxLength && NameRules.IsDns1123Label(step))
        {
            return readable;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(readable)))[..HashLength];
        var prefix = Sanitize(readable);
        prefix = prefix[..Math.Min(prefix.Length, MaxLength - HashLength - 1)].Trim('-');
        return prefix.Length == 0 ? "x" + hash : $"{prefix}-{hash}";
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }
}
