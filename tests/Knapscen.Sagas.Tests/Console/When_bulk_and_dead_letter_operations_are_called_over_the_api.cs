using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Knapscen.Sagas.Tests.Api;

namespace Knapscen.Sagas.Tests.Console;

[Trait("Tier", "e2e")]
[Collection(ConsoleCollection.Name)]
public sealed class When_bulk_and_dead_letter_operations_are_called_over_the_api(ConsoleServe console)
{
    [Fact]
    public async Task Should_list_the_matching_sagas_on_a_dry_run_then_retry_each_and_report_every_answer()
    {
        var company = "Api Bulk " + Guid.NewGuid().ToString("N")[..6];
        var sagaIds = await console.NeedsAttentionSagasAsync(3, company);
        using var http = console.Serve.Client(ConsoleServe.AdminToken);
        var filter = new { state = "NeedsAttention", customer = company };

        var dryRun = await ReadAsync(await http.PostAsJsonAsync("api/sagas/retry", new { reason = "api dry run", filter, dryRun = true }));
        Assert.True(dryRun.GetProperty("dryRun").GetBoolean());
        Assert.Equal(sagaIds.Order(), Answers(dryRun).Select(answer => answer.SagaId).Order());
        Assert.All(Answers(dryRun), answer => Assert.Equal("would-send", answer.Answer));
        Assert.All(sagaIds, id => Assert.Equal("NeedsAttention", console.StateAsync(id).Result));

        var sent = await ReadAsync(await http.PostAsJsonAsync("api/sagas/retry", new { reason = "api bulk retry", filter }));
        Assert.Equal(3, sent.GetProperty("matched").GetInt32());
        Assert.All(Answers(sent), answer => Assert.Equal("done", answer.Answer));
        foreach (var id in sagaIds)
        {
            await console.WaitForStateAsync(id, "Completed", TimeSpan.FromSeconds(120));
        }

        // By ids, after they completed: each saga refuses and says why.
        var again = await ReadAsync(await http.PostAsJsonAsync("api/sagas/cancel", new { reason = "too late", sagaIds }));
        Assert.All(Answers(again), answer => Assert.Equal("refused", answer.Answer));
        Assert.All(Answers(again), answer => Assert.Contains("Completed", answer.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_refuse_an_empty_filter_a_missing_reason_and_a_read_only_token()
    {
        using var admin = console.Serve.Client(ConsoleServe.AdminToken);
        await ProblemAssert.NamesParameterAsync(await admin.PostAsJsonAsync("api/sagas/retry", new { reason = "all of them", filter = new { } }), "filter");
        await ProblemAssert.NamesParameterAsync(await admin.PostAsJsonAsync("api/sagas/retry", new { filter = new { state = "NeedsAttention" } }), "reason");
        await ProblemAssert.NamesParameterAsync(await admin.PostAsJsonAsync("api/sagas/retry", new { reason = "x", filter = new { state = "Sleeping" } }), "filter.state");

        using var viewer = console.Serve.Client(ConsoleServe.ReadOnlyToken);
        await ProblemAssert.IsProblemAsync(await viewer.PostAsJsonAsync("api/sagas/retry", new { reason = "x", filter = new { state = "NeedsAttention" } }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await viewer.PostAsJsonAsync("api/dead-letters/discard", new { sequences = new[] { 1 } }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Should_list_a_dead_letter_with_its_reason_replay_a_fixed_copy_and_then_not_find_it()
    {
        var sagaId = Guid.NewGuid();
        var invalid = Intake.InvalidEvents.SampleJson(sagaId).Replace("\"far-out\"", "\"platinum\"", StringComparison.Ordinal);
        await console.Serve.Publisher.PublishRawAsync("customer-registered", System.Text.Encoding.UTF8.GetBytes(invalid));
        using var http = console.Serve.Client(ConsoleServe.AdminToken);

        var letterJson = await Infrastructure.Eventually.ReturnsAsync(
            async () =>
            {
                var list = await ReadAsync(await http.GetAsync(new Uri("api/dead-letters", UriKind.Relative)));
                return list.GetProperty("items").EnumerateArray()
                    .Where(item => item.GetProperty("body").GetString()!.Contains(sagaId.ToString(), StringComparison.Ordinal))
                    .Select(item => item.GetRawText()).FirstOrDefault();
            },
            TimeSpan.FromSeconds(60),
            "the invalid event among the dead letters");
        using var letter = JsonDocument.Parse(letterJson);
        Assert.Contains("subscription_tier", letter.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("customer-registered", letter.RootElement.GetProperty("originalSubject").GetString(), StringComparison.Ordinal);
        var sequence = letter.RootElement.GetProperty("sequence").GetUInt64();

        var fixedBody = invalid.Replace("\"platinum\"", "\"groovy\"", StringComparison.Ordinal);
        var replayed = await http.PostAsJsonAsync($"api/dead-letters/{sequence}/replay", new { body = fixedBody });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await console.WaitForStateAsync(sagaId, "Completed", TimeSpan.FromSeconds(120));

        await ProblemAssert.IsProblemAsync(await http.PostAsync(new Uri($"api/dead-letters/{sequence}/replay", UriKind.Relative), null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await http.GetAsync(new Uri($"api/dead-letters/{sequence}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.NamesParameterAsync(await http.GetAsync(new Uri("api/dead-letters/zero", UriKind.Relative)), "sequence");
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static IEnumerable<(Guid SagaId, string Answer, string? Message)> Answers(JsonElement response) =>
        response.GetProperty("answers").EnumerateArray().Select(answer => (
            answer.GetProperty("sagaId").GetGuid(),
            answer.GetProperty("answer").GetString()!,
            answer.TryGetProperty("message", out var message) ? message.GetString() : null));
}
