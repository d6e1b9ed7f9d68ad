using Knapscen.Sagas.Orchestrator.Cli;

namespace Knapscen.Sagas.Tests.CommandLine;

[Trait("Tier", "specs")]
public sealed class When_a_table_is_written_to_a_pipe
{
    private static readonly string LongError = "register-user failed after 3 attempt(s): " + new string('x', 150);

    [Fact]
    public void Should_write_one_line_per_row_in_aligned_columns_without_cutting_anything()
    {
        var output = new StringWriter();
        new ColumnTable("Saga", "State", "Last error")
            .AddRow("6f1c1a52-0000-4000-8000-000000000001", "NeedsAttention", LongError)
            .AddRow("6f1c1a52-0000-4000-8000-000000000002", "Completed", "")
            .AddRow("short", "Welcoming", "line one\nline two")
            .Write(output, plain: true);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith(LongError, lines[1], StringComparison.Ordinal);
        Assert.Equal("line one line two", lines[3][lines[0].IndexOf("Last error", StringComparison.Ordinal)..]);
        // Every row's second column starts where its header does.
        var stateColumn = lines[0].IndexOf("State", StringComparison.Ordinal);
        Assert.Equal(["NeedsAttention", "Completed", "Welcoming"], lines[1..].Select(line => line[stateColumn..].Split(' ')[0]));
        Assert.All(lines, line => Assert.Equal(line.TrimEnd(), line));
    }
}
