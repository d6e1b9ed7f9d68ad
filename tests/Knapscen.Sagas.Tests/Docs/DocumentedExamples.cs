using System.Diagnostics;
using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>
/// The shell examples of README.md and docs/*.md marked to run here: a <c>&lt;!-- doc-test: name --&gt;</c> line right
/// before a <c>```bash</c> block. They run as written, with bash, from the repository root.
/// </summary>
internal static partial class DocumentedExamples
{
    /// <summary>What the examples call the default API address; the test's serve listens elsewhere.</summary>
    public const string DocumentedApi = "http://127.0.0.1:8080";

    public static IReadOnlyDictionary<string, string> Read(string marker = "doc-test")
    {
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in DocumentationPages.Markdown())
        {
            var text = File.ReadAllText(Path.Combine(Stack.RepositoryRoot, page)).ReplaceLineEndings("\n");
            foreach (Match match in Marked().Matches(text))
            {
                if (match.Groups["marker"].Value != marker)
                {
                    continue;
                }

                var name = match.Groups["name"].Value;
                Assert.True(blocks.TryAdd(name, match.Groups["code"].Value), $"two examples are marked {marker}: {name}");
            }
        }

        return blocks;
    }

    /// <summary>
    /// Runs one example with bash; <c>knapscen</c> is the built binary, as <c>scripts/install-cli.sh</c> would put it on
    /// the PATH. <paramref name="api"/> replaces the documented default address in the example's text.
    /// </summary>
    public static Task<ChildProcess.Result> RunAsync(string code, IReadOnlyDictionary<string, string> environment, Uri? api = null, string epilogue = "")
    {
        var script = $"""
            set -uo pipefail
            knapscen() {'{'} dotnet '{OrchestratorProcess.BinaryPath}' "$@"; {'}'}
            {(api is null ? code : code.Replace(DocumentedApi, api.ToString().TrimEnd('/'), StringComparison.Ordinal))}
            {epilogue}
            """;
        var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = Stack.RepositoryRoot };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["COLUMNS"] = "240";
        return ChildProcess.RunAsync(start, TimeSpan.FromSeconds(120));
    }

    [GeneratedRegex(@"<!-- (?<marker>doc-test|deploy-step): (?<name>[a-z0-9-]+) -->\n```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Marked();
}
