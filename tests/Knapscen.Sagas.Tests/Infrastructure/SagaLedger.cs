using System.Text.Json;
using Knapscen.Sagas.Persistence;
using Knapscen.Sagas.StateMachines.Onboarding;
using MySqlConnector;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>Reads every saga and its step history from one test database, to check them against each other.</summary>
internal static class SagaLedger
{
    public static Task<int> CountFinishedAsync(string connectionString) =>
        CountAsync(connectionString, "SELECT COUNT(*) FROM onboarding_sagas WHERE finished_at IS NOT NULL");

    /// <summary>Step attempts recorded so far: a measure of committed progress.</summary>
    public static Task<int> CountAttemptsAsync(string connectionString) =>
        CountAsync(connectionString, "SELECT COUNT(*) FROM saga_step_history");

    /// <summary>Rows the step workers wrote: customers, users, touchpoints.</summary>
    public static async Task<(int Customers, int Users, int Touchpoints)> CountDomainRowsAsync(string connectionString) =>
        (await CountAsync(connectionString, "SELECT COUNT(*) FROM corporate_customers"),
         await CountAsync(connectionString, "SELECT COUNT(*) FROM users"),
         await CountAsync(connectionString, "SELECT COUNT(*) FROM touchpoints"));

    private static async Task<int> CountAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<IReadOnlyList<(Guid Id, string State, List<StepRun> Steps)>> SagasAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT correlation_id, current_state, steps_json FROM onboarding_sagas";
        await using var reader = await command.ExecuteReaderAsync();
        var sagas = new List<(Guid, string, List<StepRun>)>();
        while (await reader.ReadAsync())
        {
            sagas.Add((reader.GetGuid(0), reader.GetString(1), JsonSerializer.Deserialize<List<StepRun>>(reader.GetString(2), SagaJson.Options)!));
        }

        return sagas;
    }

    /// <summary>(saga, step, user index) → the attempt numbers in the history, in order.</summary>
    public static async Task<Dictionary<(Guid, string, int), List<int>>> HistoryAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT saga_id, step, user_index, attempt FROM saga_step_history ORDER BY saga_id, step, user_index, attempt";
        await using var reader = await command.ExecuteReaderAsync();
        var history = new Dictionary<(Guid, string, int), List<int>>();
        while (await reader.ReadAsync())
        {
            var key = (reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2));
            if (!history.TryGetValue(key, out var attempts))
            {
                history[key] = attempts = [];
            }

            attempts.Add(reader.GetInt32(3));
        }

        return history;
    }

    /// <summary>
    /// Waits until every saga of the database is final, then checks that they are exactly <paramref name="sagaIds"/>
    /// (none lost, none extra) and that their history agrees with their attempt counters.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid Id, string State, List<StepRun> Steps)>> FinishedAsync(
        string connectionString, IReadOnlyList<Guid> sagaIds, TimeSpan timeout)
    {
        await Eventually.TrueAsync(
            async () => await CountFinishedAsync(connectionString) == sagaIds.Count,
            timeout,
            $"all {sagaIds.Count} onboardings finishing");
        var sagas = await SagasAsync(connectionString);
        Assert.Equal(sagaIds.Order(), sagas.Select(saga => saga.Id).Order());
        await AssertHistoryAgreesAsync(connectionString, sagas);
        return sagas;
    }

    /// <summary>Each step's attempt counter on the saga row matches its history: attempts 1..n, each once.</summary>
    public static async Task AssertHistoryAgreesAsync(string connectionString, IReadOnlyList<(Guid Id, string State, List<StepRun> Steps)> sagas)
    {
        var history = await HistoryAsync(connectionString);
        foreach (var (id, _, steps) in sagas)
        {
            foreach (var run in steps.Where(run => run.Attempt > 0))
            {
                Assert.True(history.TryGetValue((id, run.Step, run.UserIndex ?? -1), out var attempts), $"saga {id} {run.Step} has no history");
                Assert.Equal(Enumerable.Range(1, run.Attempt), attempts);
            }
        }

        Assert.Equal(history.Count, sagas.Sum(saga => saga.Steps.Count(run => run.Attempt > 0)));
    }
}
