using System.Text;
using Spectre.Console;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>
/// A table of plain text cells. On a terminal it is drawn with borders and fitted to the terminal's width; when the
/// output is piped or redirected it is written as plain columns aligned with spaces, one line per row and nothing cut
/// or wrapped, so <c>grep</c>, <c>awk</c> and <c>sort</c> see whole rows.
/// </summary>
internal sealed class ColumnTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public ColumnTable AddRow(params string[] cells)
    {
        rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output, bool plain)
    {
        if (plain)
        {
            WritePlain(output);
            return;
        }

        var table = new Table().AddColumns([.. headers.Select(Markup.Escape)]);
        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The console's own choice: plain when standard output is not a terminal.</summary>
    public void Write() => Write(Console.Out, Console.IsOutputRedirected);

    private void WritePlain(TextWriter output)
    {
        var widths = headers.Select((header, column) => rows.Select(row => Cell(row, column).Length).Append(header.Length).Max()).ToArray();
        WriteLine(output, headers, widths);
        foreach (var row in rows)
        {
            WriteLine(output, row, widths);
        }
    }

    private static void WriteLine(TextWriter output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var column = 0; column < widths.Length; column++)
        {
            var cell = Cell(cells, column);
            // The last column is not padded: no trailing spaces.
            line.Append(column == widths.Length - 1 ? cell : cell.PadRight(widths[column] + 2));
        }

        output.WriteLine(line.ToString().TrimEnd());
    }

    // One line per row: a newline inside a cell (an error text) would split the row.
    private static string Cell(string[] cells, int column) =>
        column < cells.Length ? cells[column].ReplaceLineEndings(" ") : "";
}
