using System.Net;
using System.Text;
using System.Text.Json;
using Knapscen.Sagas.Tests.Infrastructure;
using Knapscen.Sagas.Tests.Intake;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Observability;

[Trait("Tier", "e2e")]
public sealed class When_the_orchestrator_logs_json
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_line_is_json_lines_about_a_saga_carry_its_id_and_no_secret_is_written()
    {
        var databasePassword = new MySqlConnectionStringBuilder((await Stack.UpAsync()).ConnectionString).Password;
        Assert.True(databasePassword.Length >= 8, "the stack's database password is too short to look for in the output");
        await using var receiver = OtlpReceiver.Start();
        await using var serve = await ServeUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            ["Logging__LogLevel__Default"] = "Debug",
            // Traced, as in production: lines about the saga then carry the saga's trace id.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
        });
        var sagaId = Guid.NewGuid();

        await serve.Publisher.PublishRawAsync("customer-registered", Encoding.UTF8.GetBytes(InvalidEvents.SampleJson(sagaId)));
        Assert.Equal("Completed", (await serve.Publisher.WaitForFinalAsync(sagaId, Timeout)).State);
        using var api = serve.Client(ServeUnderTest.AdminToken);
        using var shown = await api.GetAsync(new Uri($"api/sagas/{sagaId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var traceId = JsonDocument.Parse(await shown.Content.ReadAsStringAsync()).RootElement.GetProperty("traceId").GetString();
        // The last launch's "finished" line is written by the launcher just after the result that completed the saga.
        var lines = await Eventually.ReturnsAsync(
            () => Task.FromResult<IReadOnlyList<string>?>(
                serve.Process.Output.Count(line => line.Contains("finished", StringComparison.Ordinal) && Mentions(line, sagaId)) >= 10
                    ? serve.Process.Output
                    : null),
            Timeout,
            "the ten step attempts' finished lines");

        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        // Among others: no OTLP exporter complains about a collector that was never configured.
        Assert.DoesNotContain(entries, entry => entry.GetProperty("LogLevel").GetString() is "Error" or "Critical");
        var aboutSaga = entries.Where(entry => Mentions(entry.GetProperty("Message").GetString()!, sagaId)).ToList();
        Assert.True(aboutSaga.Count >= 20, $"only {aboutSaga.Count} lines name the saga");
        Assert.All(aboutSaga, entry => Assert.Equal(sagaId.ToString(), ScopeValue(entry, "SagaId")));
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        // A redelivery of an event already applied (the broker's ack wait ran out on a loaded machine) is a trace of its
        // own; every other line about the saga is in the saga's trace.
        var redeliveries = aboutSaga.Where(entry => entry.GetProperty("Message").GetString()!.Contains("was already applied", StringComparison.Ordinal))
            .Select(entry => ScopeValue(entry, "TraceId"))
            .ToHashSet();
        Assert.All(aboutSaga.Where(entry => !redeliveries.Contains(ScopeValue(entry, "TraceId"))), entry => Assert.Equal(traceId, ScopeValue(entry, "TraceId")));
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(databasePassword, line, StringComparison.Ordinal);
            Assert.DoesNotContain(ServeUnderTest.AdminToken, line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unknown_log_format_is_refused_naming_the_key()
    {
        var result = await Cli.RunAsync(new Dictionary<string, string> { ["Logging__Format"] = "xml" }, "sagas", "list");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Logging:Format is 'xml'", result.Error, StringComparison.Ordinal);
    }

    // Launch ids carry the saga id without dashes.
    private static bool Mentions(string text, Guid sagaId) =>
        text.Contains(sagaId.ToString(), StringComparison.Ordinal) || text.Contains(sagaId.ToString("N"), StringComparison.Ordinal);

    private static string? ScopeValue(JsonElement entry, string name) =>
        entry.GetProperty("Scopes").EnumerateArray()
            .Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out _))
            .Select(scope => scope.GetProperty(name).GetString())
            .FirstOrDefault();
}
