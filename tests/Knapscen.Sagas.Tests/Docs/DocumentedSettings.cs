using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>One row of a settings table in docs/configuration.md: key, environment variable, default, range.</summary>
internal sealed partial record DocumentedSetting(string Key, string EnvironmentVariable, string Default, string Range)
{
    public const string Page = "docs/configuration.md";

    /// <summary>Every <c>| `Key` | … |</c> row of the page, keyed by the key with each placeholder written <c>&lt;&gt;</c>.</summary>
    public static IReadOnlyDictionary<string, DocumentedSetting> Read()
    {
        var rows = new Dictionary<string, DocumentedSetting>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Stack.RepositoryRoot, Page)))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
            if (cells.Length < 4)
            {
                continue;
            }

            var key = cells[0].Trim('`');
            rows[Normalize(key)] = new DocumentedSetting(key, cells[1], cells[2], cells[3]);
        }

        return rows;
    }

    /// <summary><c>Steps:&lt;step&gt;:Command:&lt;n&gt;</c> → <c>Steps:&lt;&gt;:Command:&lt;&gt;</c>.</summary>
    public static string Normalize(string key) => Placeholder().Replace(key, "<>");

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex Placeholder();
}
