using System.Text.Json;
using Knapscen.Sagas.Tests.Infrastructure;

namespace Knapscen.Sagas.Tests.Docs;

/// <summary>docs/steps.md's table of the default catalog says what steps.json says: every step, its users, its undo, its attempts.</summary>
[Trait("Tier", "specs")]
public sealed class When_the_default_catalog_is_documented
{
    [Fact]
    public void Every_step_is_in_the_table_with_its_compensation_condition_and_attempts()
    {
        var rows = File.ReadLines(Path.Combine(Stack.RepositoryRoot, "docs", "steps.md"))
            .SkipWhile(line => line != "The default catalog:")
            .Skip(1)
            .SkipWhile(line => !line.StartsWith('|'))
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(Stack.RepositoryRoot, "src", "Orchestrator", "steps.json")));

        var differences = new List<string>();
        foreach (var step in catalog.RootElement.GetProperty("Steps").EnumerateObject())
        {
            var row = rows.FirstOrDefault(cells => cells[0].Split(',').Select(name => name.Trim().Trim('`')).Contains(step.Name));
            if (row is null)
            {
                differences.Add($"{step.Name}: no row");
                continue;
            }

            var definition = step.Value;
            var attempts = definition.TryGetProperty("Retry", out var retry) && retry.TryGetProperty("MaxAttempts", out var max) ? max.GetInt32() : 3;
            if (row[5] != attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                differences.Add($"{step.Name}: attempts {attempts}, the table says {row[5]}");
            }

            if (definition.TryGetProperty("Compensation", out var compensation) && compensation.GetString() is { } undo && !row[4].Contains($"`{undo}`", StringComparison.Ordinal))
            {
                differences.Add($"{step.Name}: undone by `{undo}`, the table says {row[4]}");
            }

            if (definition.TryGetProperty("Condition", out var condition) && condition.GetString() is { } users
                && !row[3].Contains($"`{users}`", StringComparison.Ordinal) && !row[2].StartsWith("as the step", StringComparison.Ordinal))
            {
                differences.Add($"{step.Name}: condition `{users}`, the table says {row[3]}");
            }

            var perUser = definition.TryGetProperty("PerUser", out var flag) && flag.GetBoolean();
            if (row[2] is "yes" or "no" && row[2] != (perUser ? "yes" : "no"))
            {
                differences.Add($"{step.Name}: per user {perUser}, the table says {row[2]}");
            }
        }

        Assert.True(differences.Count == 0, "docs/steps.md's default catalog differs from steps.json:\n" + string.Join('\n', differences));
    }
}
