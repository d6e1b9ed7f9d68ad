using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Knapscen.Sagas.Persistence.Migrations;

/// <summary>One versioned SQL file of db/migrations, embedded in this assembly.</summary>
internal sealed partial record MigrationScript(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>The embedded scripts in the order they must be applied.</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded()
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(resource => Load(assembly, resource))
            .OrderBy(script => script.Version)
            .ToList();

        var duplicate = scripts.GroupBy(script => script.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Migration version {duplicate.Key} is used by more than one file: {string.Join(", ", duplicate.Select(script => script.Name))}");
        }

        return scripts;
    }

    private static MigrationScript Load(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..];
        var match = FileNamePattern().Match(name);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Migration file '{name}' must be named NNNN_description.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be opened");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var version = int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return new MigrationScript(version, name, sql, ChecksumOf(sql));
    }

    /// <summary>
    /// SHA-256 of the text with line endings normalised, so a checkout with CRLF line endings does not look like an edited migration.
    /// </summary>
    internal static string ChecksumOf(string sql)
    {
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    [GeneratedRegex(@"^(?<version>\d{4})_[A-Za-z0-9_\-]+\.sql$")]
    private static partial Regex FileNamePattern();
}
