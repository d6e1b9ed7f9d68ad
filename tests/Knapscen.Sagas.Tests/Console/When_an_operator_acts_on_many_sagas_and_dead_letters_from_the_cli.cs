using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Console;

/// <summary>The CLI's bulk commands and dead-letter commands, run as the real binary against the real serve.</summary>
[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed class When_an_operator_acts_on_many_sagas_and_dead_letters_from_the_cli(ConsoleServe console)
{
    private Dictionary<string, string> ApiOnly() => new()
    {
        ["Api__Url"] = console.BaseAddress.ToString(),
        ["KNAPSCEN_API_TOKEN"] = ConsoleServe.AdminToken,
        ["Database__ConnectionString"] = "",
        ["Nats__Url"] = "",
    };

    [Fact]
    public async Task Should_list_what_a_dry_run_would_touch_then_retry_every_matching_saga()
    {
        var company = "Cli Bulk " + Guid.NewGuid().ToString("N")[..6];
        var sagaIds = await console.NeedsAttentionSagasAsync(3, company);

        var dryRun = await Cli.RunAsync(ApiOnly(), "sagas", "retry", "--state", "NeedsAttention", "--customer", company, "--reason", "cli bulk", "--dry-run");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.All(sagaIds, id => Assert.Contains($"{id}  would-send", dryRun.Output, StringComparison.Ordinal));
        Assert.Contains("nothing was sent (--dry-run)", dryRun.Output, StringComparison.Ordinal);
        Assert.All(sagaIds, id => Assert.Equal("NeedsAttention", console.StateAsync(id).Result));

        var retried = await Cli.RunAsync(ApiOnly(), "sagas", "retry", "--state", "NeedsAttention", "--customer", company, "--reason", "cli bulk");
        Assert.True(retried.ExitCode == 0, retried.Output + retried.Error);
        Assert.All(sagaIds, id => Assert.Contains($"{id}  done", retried.Output, StringComparison.Ordinal));
        Assert.Contains("3 done, 0 refused or not found", retried.Output, StringComparison.Ordinal);
        foreach (var id in sagaIds)
        {
            await console.WaitForStateAsync(id, "Completed", TimeSpan.FromSeconds(120));
        }

        var usage = await Cli.RunAsync(ApiOnly(), "sagas", "cancel", "--reason", "no target");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("at least one filter", usage.Error + usage.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_list_a_dead_letter_replay_a_fixed_copy_from_a_file_and_discard_another()
    {
        var sagaId = Guid.NewGuid();
        var invalid = Intake.InvalidEvents.SampleJson(sagaId).Replace("\"far-out\"", "\"platinum\"", StringComparison.Ordinal);
        await console.Serve.Publisher.PublishRawAsync("customer-registered", System.Text.Encoding.UTF8.GetBytes(invalid));
        await console.Serve.Publisher.PublishRawAsync("customer-registered", "beyond saving"u8.ToArray());

        var listed = await Eventually.ReturnsAsync(
            async () => await Cli.RunAsync(ApiOnly(), "dead-letters", "list", "--output", "json") is { ExitCode: 0 } result
                && result.Output.Contains(sagaId.ToString(), StringComparison.Ordinal) && result.Output.Contains("beyond saving", StringComparison.Ordinal)
                    ? result
                    : null,
            TimeSpan.FromSeconds(60),
            "both dead letters listed by the CLI");
        using var json = System.Text.Json.JsonDocument.Parse(listed.Output);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        var fixable = items.First(item => item.GetProperty("body").GetString()!.Contains(sagaId.ToString(), StringComparison.Ordinal));
        var hopeless = items.First(item => item.GetProperty("body").GetString() == "beyond saving");
        Assert.Contains("subscription_tier", fixable.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var table = await Cli.RunAsync(ApiOnly(), "dead-letters", "list");
        Assert.Contains("subscription_tier", table.Output, StringComparison.Ordinal);

        var fixedFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(fixedFile, invalid.Replace("\"platinum\"", "\"basic\"", StringComparison.Ordinal));
            var replayed = await Cli.RunAsync(ApiOnly(), "dead-letters", "replay", fixable.GetProperty("sequence").ToString(), "--body-file", fixedFile);
            Assert.True(replayed.ExitCode == 0, replayed.Output + replayed.Error);
            Assert.Contains("replayed to", replayed.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fixedFile);
        }

        await console.WaitForStateAsync(sagaId, "Completed", TimeSpan.FromSeconds(120));

        var sequence = hopeless.GetProperty("sequence").ToString();
        var discarded = await Cli.RunAsync(ApiOnly(), "dead-letters", "discard", sequence);
        Assert.Equal(0, discarded.ExitCode);
        var again = await Cli.RunAsync(ApiOnly(), "dead-letters", "discard", sequence);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("replayed or discarded already", again.Error, StringComparison.Ordinal);
    }
}
