using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.Persistence.Retention;
using Knapscen.Sagas.Tests.Persistence.Deadlines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Knapscen.Sagas.Tests.Infrastructure;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Persistence;

[Trait("Tier", "integration")]
public sealed class InboxRetentionTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_sweep_deletes_only_rows_older_than_the_retention_in_batches()
    {
        await using var database = await TestDatabase.CreateAsync();
        var connectionString = database.ConnectionString;
        // 7 old rows with a batch of 3: three DELETEs, the last one short.
        await InsertAsync(connectionString, "old", 7, Now - TimeSpan.FromDays(8));
        await InsertAsync(connectionString, "edge", 2, Now - TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        await InsertAsync(connectionString, "new", 4, Now - TimeSpan.FromHours(1));
        var pruner = new InboxPruner(
            new SagaConnectionString(connectionString),
            Options.Create(new InboxRetentionOptions { RetentionDays = 7, BatchSize = 3 }),
            new FakeTimeProvider(Now));

        var deleted = await pruner.SweepOnceAsync(CancellationToken.None).WaitAsync(DeadlineHost.Timeout);
        var again = await pruner.SweepOnceAsync(CancellationToken.None).WaitAsync(DeadlineHost.Timeout);

        Assert.Equal(7, deleted);
        Assert.Equal(0, again);
        Assert.Equal(["edge", "new"], await RemainingSourcesAsync(connectionString));
    }

    [Fact]
    public void A_retention_of_zero_days_is_refused_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Inbox:RetentionDays"] = "0" }).Build();
        using var provider = new ServiceCollection().AddInboxRetention(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InboxRetentionOptions>>().Value);
        Assert.Contains("RetentionDays", error.Message, StringComparison.Ordinal);
    }

    private static async Task InsertAsync(string connectionString, string source, int count, DateTimeOffset processedAt)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            await using var command = new MySqlCommand(
                "INSERT INTO processed_events (event_source, event_id, event_type, saga_id, processed_at) VALUES (@source, @id, 'test', NULL, @at)",
                connection);
            command.Parameters.AddWithValue("@source", source);
            command.Parameters.AddWithValue("@id", $"{source}-{i}");
            command.Parameters.AddWithValue("@at", processedAt.UtcDateTime);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> RemainingSourcesAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT DISTINCT event_source FROM processed_events ORDER BY event_source", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var sources = new List<string>();
        while (await reader.ReadAsync())
        {
            sources.Add(reader.GetString(0));
        }

        return sources;
    }
}
