using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>Every relative link of the README and docs/ reaches a file, and every #anchor a heading of that page.</summary>
[Trait("Tier", "specs")]
public sealed partial class When_the_docs_link_to_each_other
{
    [Fact]
    public void Every_relative_link_and_anchor_resolves()
    {
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var page in DocumentationPages.Markdown())
        {
            var text = WithoutCode(File.ReadAllText(Path.Combine(Stack.RepositoryRoot, page)));
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                checkedLinks++;
                if (Problem(page, target) is { } problem)
                {
                    broken.Add($"{page}: ({target}) {problem}");
                }
            }
        }

        Assert.True(checkedLinks > 50, $"only {checkedLinks} relative links found: is the link pattern still right?");
        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Fact]
    public void A_wrong_anchor_or_file_is_reported()
    {
        Assert.NotNull(Problem("README.md", "docs/operations.md#no-such-heading"));
        Assert.NotNull(Problem("docs/events.md", "nowhere.md"));
        Assert.Null(Problem("docs/events.md", "operations.md#dead-letters"));
        Assert.Null(Problem("README.md", "#your-first-event"));
    }

    private static string? Problem(string page, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = file.Length == 0
            ? page
            : Path.GetRelativePath(Stack.RepositoryRoot, Path.GetFullPath(Path.Combine(Stack.RepositoryRoot, Path.GetDirectoryName(page) ?? "", file))).Replace('\\', '/');
        var path = Path.Combine(Stack.RepositoryRoot, resolved);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return $"{resolved} does not exist";
        }

        if (anchor is null || !resolved.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }

        return DocumentationPages.Anchors(File.ReadAllText(path)).Contains(anchor) ? null : $"{resolved} has no heading #{anchor}";
    }

    /// <summary>Links inside code blocks and inline code are examples, not links.</summary>
    private static string WithoutCode(string markdown) => InlineCode().Replace(Fence().Replace(markdown.ReplaceLineEndings("\n"), ""), "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("```.*?```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();
}
