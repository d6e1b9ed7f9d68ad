using System.Text;
using System.Text.Json;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using Knapscen.Sagas.Tests.Observability;

namespace Knapscen.Sagas.Tests.EndToEnd;

[Trait("Tier", "e2e")]
public sealed class When_an_operator_uses_the_cli
{
    private const string CommandCounter = "knapscen_operator_commands_total";
    private const string TokenVariable = "KNAPSCEN_API_TOKEN";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>What a CLI on another machine has: serve's API and a token, and no database or NATS settings at all.</summary>
    private static Dictionary<string, string> ApiOnly(ServeUnderTest serve) => new()
    {
        ["Api__Url"] = serve.BaseAddress.ToString(),
        [TokenVariable] = ServeUnderTest.AdminToken,
        ["Database__ConnectionString"] = "",
        ["Nats__Url"] = "",
    };

    private static Dictionary<string, string> AsEnvironment(Dictionary<string, string?> settings) =>
        settings.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value!);

    [Fact]
    public async Task A_saga_that_needs_attention_is_listed_as_stuck_and_retried_through_serve_with_no_database_settings()
    {
        var brokenFlag = Path.Combine(Path.GetTempPath(), $"knapscen-broken-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(brokenFlag, "broken");
        var failWhileBroken = $"if [ -f '{brokenFlag}' ]; then echo 'touchpoint service down' >&2; exit 1; fi";
        var settings = StepCommands.All("exit 0", new Dictionary<string, string> { ["create-touchpoints"] = failWhileBroken, ["delete-customer"] = failWhileBroken });
        foreach (var step in StepCommands.CatalogStepNames)
        {
            settings[$"Steps:{step}:Retry:InitialDelaySeconds"] = "0.1";
            settings[$"Steps:{step}:Retry:MaxDelaySeconds"] = "0.1";
        }

        settings["Deadlines:PollIntervalMilliseconds"] = "100";
        await using var serve = await ServeUnderTest.StartAsync(AsEnvironment(settings));
        var sagaId = Guid.NewGuid();
        await serve.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        await Eventually.TrueAsync(
            async () => (await serve.Publisher.Sagas.ReadAsync(sagaId, CancellationToken.None))?.State == "NeedsAttention",
            Timeout,
            "the saga needing attention after its compensation failed");

        var stuck = await Cli.RunAsync(serve.Environment, "sagas", "list", "--stuck", "--output", "json");
        Assert.Equal(0, stuck.ExitCode);
        var listed = JsonDocument.Parse(stuck.Output).RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("sagaId").GetGuid());
        Assert.Equal([sagaId], listed);

        var shown = await Cli.RunAsync(serve.Environment, "sagas", "show", sagaId.ToString());
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("NeedsAttention", shown.Output, StringComparison.Ordinal);
        Assert.Contains("touchpoint service down", shown.Output, StringComparison.Ordinal);

        File.Delete(brokenFlag);
        var before = await serve.ScrapeAsync();
        var retried = await Cli.RunAsync(ApiOnly(serve), "sagas", "retry", sagaId.ToString(), "--reason", "touchpoint service is back");
        Assert.Equal(0, retried.ExitCode);
        Assert.Contains("RegisteringUsers", retried.Output, StringComparison.Ordinal);
        // The exporter caches a scrape for 300 ms, so the counter is awaited rather than read once.
        var acceptedBefore = before.Value(CommandCounter, ("command", "retry"), ("outcome", "accepted"));
        await Eventually.TrueAsync(
            async () => (await serve.ScrapeAsync()).Value(CommandCounter, ("command", "retry"), ("outcome", "accepted")) - acceptedBefore == 1,
            Timeout,
            "the accepted retry counted once");

        var saga = await serve.Publisher.WaitForFinalAsync(sagaId, Timeout);
        Assert.Equal("Completed", saga.State);
        var again = await Cli.RunAsync(ApiOnly(serve), "sagas", "retry", sagaId.ToString(), "--reason", "once more");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"retry refused: saga {sagaId} is Completed: the saga is Completed; there is nothing to retry", again.Error.Trim());
        await Eventually.TrueAsync(
            async () => (await serve.ScrapeAsync()).Value(CommandCounter, ("command", "retry"), ("outcome", "refused")) == 1,
            Timeout,
            "the refused retry counted once");
    }

    [Fact]
    public async Task A_customer_published_from_flags_with_wait_is_followed_to_completion()
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(StepCommands.All());
        var environment = await orchestrator.ProcessEnvironmentAsync();

        var published = await Cli.RunAsync(
            environment,
            "publish", "customer-registered", "--name", "Acme Corp", "--tier", "groovy",
            "--user", "Ann Lee,ann@acme.test,customer_account_owner", "--user", "Bo Park,bo@acme.test,generic_user", "--wait", "--timeout", "90");
        var refused = await Cli.RunAsync(environment, "publish", "customer-registered", "--name", "Acme Corp", "--tier", "platinum", "--user", "Ann,ann@acme.test,admin_user");

        Assert.Equal(0, published.ExitCode);
        Assert.Contains("finished as Completed", published.Output, StringComparison.Ordinal);
        Assert.Contains("create-touchpoints [user 0] attempt 1 Succeeded", published.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("subscription_tier", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_saga_is_compensated_on_request_and_its_running_step_stopped()
    {
        await using var serve = await ServeUnderTest.StartAsync(AsEnvironment(StepCommands.All("exit 0", new Dictionary<string, string> { ["create-touchpoints"] = "sleep 60" })));
        var sagaId = Guid.NewGuid();
        await serve.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        await Eventually.TrueAsync(
            async () => (await serve.Publisher.Sagas.ReadAsync(sagaId, CancellationToken.None))?.State == "CreatingTouchpoints",
            Timeout,
            "the saga reaching its last step");

        var compensated = await Cli.RunAsync(ApiOnly(serve), "sagas", "compensate", sagaId.ToString(), "--reason", "signed up twice");

        Assert.Equal(0, compensated.ExitCode);
        Assert.Contains("Compensating", compensated.Output, StringComparison.Ordinal);
        var saga = await serve.Publisher.WaitForFinalAsync(sagaId, Timeout);
        Assert.Equal("Compensated", saga.State);
        Assert.Contains(saga.Steps, step => step is { Step: "create-touchpoints", Status: "Compensated" });
        Assert.Contains(saga.Steps, step => step is { Step: "delete-customer", Status: "Succeeded" });
        var refused = await Cli.RunAsync(ApiOnly(serve), "sagas", "compensate", sagaId.ToString(), "--reason", "again");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"compensate refused: saga {sagaId} is Compensated: the saga is Compensated; only an unfinished onboarding can be compensated", refused.Error.Trim());
    }

    [Fact]
    public async Task A_command_serve_cannot_take_gets_one_line_naming_why()
    {
        await using var serve = await ServeUnderTest.StartAsync();
        var unknown = Guid.NewGuid();
        var url = serve.BaseAddress.ToString();

        var notFound = await Cli.RunAsync(ApiOnly(serve), "sagas", "cancel", unknown.ToString(), "--reason", "typo");
        var wrongToken = await Cli.RunAsync(new Dictionary<string, string>(ApiOnly(serve)) { [TokenVariable] = "not-the-token" }, "sagas", "retry", unknown.ToString(), "--reason", "x");
        var unreachable = await Cli.RunAsync(ApiOnly(serve), "sagas", "retry", unknown.ToString(), "--reason", "x", "--api-url", "http://127.0.0.1:1");

        Assert.Equal((1, $"there is no saga with id {unknown}"), (notFound.ExitCode, notFound.Error.Trim()));
        Assert.Equal((1, $"the orchestrator's API at {url} answered 401 Unauthorized: set {TokenVariable} to a token from serve's Api:Tokens"), (wrongToken.ExitCode, wrongToken.Error.Trim()));
        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith("cannot reach the orchestrator's API at http://127.0.0.1:1/ (", unreachable.Error, StringComparison.Ordinal);
        Assert.Single(unreachable.Error.Trim().Split('\n'));
        await Eventually.TrueAsync(
            async () => (await serve.ScrapeAsync()).Value(CommandCounter, ("command", "cancel"), ("outcome", "not_found")) == 1,
            Timeout,
            "the cancel of an unknown saga counted once");
    }

    [Fact]
    public async Task An_unreachable_nats_is_named_with_the_url_tried()
    {
        var environment = new Dictionary<string, string> { ["Nats__Url"] = "nats://127.0.0.1:1", ["Database__ConnectionString"] = "Server=127.0.0.1;Port=1;Database=x;User ID=x" };

        var result = await Cli.RunAsync(environment, "publish", "customer-registered", "--sample");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nats://127.0.0.1:1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "--page must be 1 or more", "sagas", "list", "--page", "0")]
    [InlineData(2, "Argument 'Sleeping' not recognized. Must be one of:", "sagas", "list", "--state", "Sleeping")]
    [InlineData(2, "'not-a-uuid' is not a saga id (a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301)", "sagas", "retry", "not-a-uuid", "--reason", "x")]
    [InlineData(2, "Option '--reason' is required.", "sagas", "retry", "6f1c1a52-0000-4000-8000-000000000000")]
    [InlineData(1, "there is no saga with id 6f1c1a52-0000-4000-8000-000000000000", "sagas", "show", "6f1c1a52-0000-4000-8000-000000000000")]
    [InlineData(1, "cannot reach the orchestrator's API at http://127.0.0.1:1/ (Connection refused (127.0.0.1:1)); is 'knapscen serve' running there? Set --api-url or Api__Url", "sagas", "cancel", "6f1c1a52-0000-4000-8000-000000000000", "--reason", "typo", "--api-url", "http://127.0.0.1:1")]
    [InlineData(1, "the orchestrator's API URL 'ftp://example' is not an absolute http(s) URL; set --api-url or Api__Url, e.g. http://127.0.0.1:8080", "sagas", "cancel", "6f1c1a52-0000-4000-8000-000000000000", "--reason", "typo", "--api-url", "ftp://example")]
    [InlineData(2, "give exactly one of --sample, --file or --name (with --tier and --user)", "publish", "customer-registered", "--sample", "--name", "Acme")]
    [InlineData(1, "--user 'only-a-name' must be name,email,role (three comma-separated values)", "publish", "customer-registered", "--name", "Acme", "--tier", "basic", "--user", "only-a-name")]
    public async Task A_bad_request_gets_one_precise_line_and_its_exit_code(int exitCode, string line, params string[] arguments)
    {
        await using var orchestrator = await TestOrchestrator.StartAsync(runOrchestrator: false);
        var environment = await orchestrator.ProcessEnvironmentAsync();

        var result = await Cli.RunAsync(environment, arguments);

        Assert.Equal(exitCode, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(line, lines[0]);
        // After the line only the usage hint of a bad flag, or the allowed values of an enumeration, one per line.
        Assert.All(lines.Skip(1), more => Assert.True(more == "Run 'knapscen --help' for usage." || more.StartsWith('\t'), $"unexpected line: {more}"));
    }
}
