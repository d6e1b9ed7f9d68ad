using System.Text;
using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>The Markdown pages a reader moves between, relative to the repository root, and their headings' anchors.</summary>
internal static partial class DocumentationPages
{
    public static IReadOnlyList<string> Markdown()
    {
        var docs = Directory.GetFiles(Path.Combine(Stack.RepositoryRoot, "docs"), "*.md")
            .Select(path => Path.GetRelativePath(Stack.RepositoryRoot, path).Replace('\\', '/'));
        return [.. new[] { "README.md", "deploy/README.md", "db/README.md", "tests/GUARANTEES.md" }.Concat(docs).Order(StringComparer.Ordinal)];
    }

    /// <summary>Anchors as GitHub makes them: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (inFence || Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string Slug(string heading)
    {
        var text = new StringBuilder();
        foreach (var character in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(character) || character is '-' or '_')
            {
                text.Append(character);
            }
            else if (character == ' ')
            {
                text.Append('-');
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("^#{1,6} +(?<text>.+?) *#*$")]
    private static partial Regex Heading();
}
