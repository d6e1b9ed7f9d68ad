using System.Text.RegularExpressions;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Observability;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>
/// The README's first event and five operating commands, and the examples of docs/, run as a reader runs them: bash
/// from the repository root, the plain NATS client, curl and the CLI, against a real <c>knapscen serve</c> on the
/// shared stack (its own database and subjects, every step a local <c>exit 0</c>), each output checked.
/// </summary>
[Trait("Tier", "e2e")]
public sealed class When_the_documented_examples_are_run
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Files the examples write; gone when the test ends.</summary>
    private static readonly string[] ExampleFiles = ["/tmp/event.json", "/tmp/bad-event.json", "/tmp/data.json"];

    [Fact]
    public void Every_marked_example_has_its_checks_here()
    {
        Assert.Equal(
            ["api-tour", "binary-mode", "dead-letter", "dead-letter-list", "operate", "publish-with-curl", "publish-with-nats"],
            DocumentedExamples.Read().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_first_event_the_operating_commands_and_the_api_calls_work_as_documented()
    {
        var examples = DocumentedExamples.Read();
        await using var serve = await ServeUnderTest.StartAsync();
        var environment = new Dictionary<string, string>(serve.Environment, StringComparer.Ordinal)
        {
            ["KNAPSCEN_API_TOKEN"] = ServeUnderTest.AdminToken,
            ["Api__Url"] = serve.BaseAddress.ToString(),
        };

        try
        {
            var published = await RunAsync(examples["publish-with-nats"], environment, serve, epilogue: "echo \"saga=$saga\"");
            Assert.Matches(new Regex("""^\{"stream":"[^"]*KNAPSCEN", ?"seq":[0-9]+""", RegexOptions.Multiline), published);
            var sagaId = Guid.Parse(Regex.Match(published, "saga=(?<id>[0-9a-f-]{36})").Groups["id"].Value);
            environment["saga"] = sagaId.ToString();

            var posted = await RunAsync(examples["publish-with-curl"], environment, serve);
            Assert.Contains($"\"sagaId\":\"{sagaId}\"", posted, StringComparison.Ordinal);
            Assert.Equal("Completed", (await serve.Publisher.WaitForFinalAsync(sagaId, Timeout)).State);

            var operated = await RunAsync(examples["operate"], environment, serve);
            Assert.Contains(sagaId.ToString(), operated, StringComparison.Ordinal);
            Assert.Contains("create-touchpoints", operated, StringComparison.Ordinal);
            Assert.Contains($"retry refused: saga {sagaId} is Completed", operated, StringComparison.Ordinal);
            Assert.Matches(new Regex("""^knapscen_sagas\{[^}]*state="Completed"[^}]*\} 1""", RegexOptions.Multiline), operated);

            var deadLettered = await RunAsync(examples["dead-letter"], environment, serve);
            Assert.Contains("\"seq\":", deadLettered, StringComparison.Ordinal);
            Assert.Single(await serve.Publisher.ReadDeadLettersAsync(1, Timeout));
            var listed = await RunAsync(examples["dead-letter-list"], environment, serve);
            Assert.Contains("data.subscription_tier is 'platinum'", listed, StringComparison.Ordinal);

            var binary = await RunAsync(examples["binary-mode"], environment, serve);
            Assert.Contains($"\"sagaId\":\"{sagaId}\"", binary, StringComparison.Ordinal);

            var tour = await RunAsync(examples["api-tour"], environment, serve);
            Assert.Contains($"\"sagaId\":\"{sagaId}\"", tour, StringComparison.Ordinal);
            Assert.Contains("nothing to retry", tour, StringComparison.Ordinal);
            Assert.Contains("platinum", tour, StringComparison.Ordinal);
            Assert.Contains("Healthy", tour, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var file in ExampleFiles)
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<string> RunAsync(string code, IReadOnlyDictionary<string, string> environment, ServeUnderTest serve, string epilogue = "")
    {
        var run = await DocumentedExamples.RunAsync(code, environment, serve.BaseAddress, epilogue);
        // Each example's own commands decide what it prints; stderr is shown when a check fails.
        return $"{run.Output}\n{run.Error}";
    }
}
