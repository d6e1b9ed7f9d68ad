using System.Globalization;
using MySqlConnector;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// A safety net for runs that crashed before their tests cleaned up: test databases and test streams older than
/// <c>KNAPSCEN_TEST_LEFTOVER_HOURS</c> (set by scripts/test.sh) are dropped once per run. The age limit keeps the
/// databases and streams of tests running right now (another worktree on the same servers) out of reach.
/// </summary>
internal static class Leftovers
{
    public const string HoursVariable = "KNAPSCEN_TEST_LEFTOVER_HOURS";

    /// <summary>Stream names made from <see cref="StackEnvironment.NewSubjectPrefix"/>: T + 10 hex digits.</summary>
    private static readonly System.Text.RegularExpressions.Regex TestStream = new("^T[0-9A-F]{10}_KNAPSCEN", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static async Task DropAsync(StackEnvironment stack)
    {
        if (!double.TryParse(Environment.GetEnvironmentVariable(HoursVariable), CultureInfo.InvariantCulture, out var hours) || hours <= 0)
        {
            return;
        }

        var cutoff = DateTimeOffset.UtcNow.AddHours(-hours);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var databases = await DropDatabasesAsync(stack.ConnectionString, cutoff, timeout.Token);
        var streams = await DropStreamsAsync(stack.NatsUrl, cutoff, timeout.Token);
        await System.Console.Error.WriteLineAsync($"tests: dropped {databases} test databases and {streams} test streams older than {hours} h");
    }

    private static async Task<int> DropDatabasesAsync(string connectionString, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Names without a creation time (made before names carried one) are dated by their oldest table.
        var candidates = new List<(string Name, DateTime? OldestTable)>();
        await using (var list = new MySqlCommand(
            """
            SELECT s.SCHEMA_NAME, MIN(t.CREATE_TIME)
            FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME
            WHERE s.SCHEMA_NAME LIKE 'knapscen\_t\_%'
            GROUP BY s.SCHEMA_NAME
            """,
            connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1)));
            }
        }

        var dropped = 0;
        foreach (var (name, oldestTable) in candidates)
        {
            if (CreatedAt(name, oldestTable) is { } created && created < cutoff)
            {
                await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{name}`", connection);
                await drop.ExecuteNonQueryAsync(cancellationToken);
                dropped++;
            }
        }

        return dropped;
    }

    /// <remarks>The server's CREATE_TIME is its local time; the stack's MariaDB runs on this machine, so local it is.</remarks>
    private static DateTimeOffset? CreatedAt(string name, DateTime? oldestTable)
    {
        var stamp = name[TestDatabase.NamePrefix.Length..].Split('_')[0];
        if (DateTime.TryParseExact(stamp, TestDatabase.CreatedFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
        {
            return new DateTimeOffset(created, TimeSpan.Zero);
        }

        return oldestTable is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Local)) : null;
    }

    private static async Task<int> DropStreamsAsync(string natsUrl, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "knapscen-tests-leftovers" });
        var jetStream = new NatsJSContext(connection);
        var old = new List<string>();
        await foreach (var stream in jetStream.ListStreamsAsync(cancellationToken: cancellationToken))
        {
            if (TestStream.IsMatch(stream.Info.Config.Name ?? "") && stream.Info.Created < cutoff)
            {
                old.Add(stream.Info.Config.Name!);
            }
        }

        foreach (var name in old)
        {
            await jetStream.DeleteStreamAsync(name, cancellationToken);
        }

        return old.Count;
    }
}
