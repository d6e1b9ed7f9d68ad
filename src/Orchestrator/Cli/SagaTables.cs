using System.Globalization;
using Knapscen.Sagas.Orchestrator.Operations;
using Knapscen.Sagas.StateMachines.Onboarding;
using Spectre.Console;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>How sagas look in a terminal.</summary>
internal static class SagaTables
{
    public static void WriteList(SagaPage page)
    {
        var table = new Table().AddColumns("Saga", "Customer", "State", "Created (UTC)", "Updated (UTC)", "Stuck", "Last error");
        foreach (var saga in page.Items)
        {
            table.AddRow(
                saga.SagaId.ToString(),
                Markup.Escape(saga.CustomerName),
                saga.State,
                Time(saga.CreatedAt),
                Time(saga.UpdatedAt),
                saga.Stuck ? "[red]yes[/]" : "",
                Markup.Escape(Shorten(saga.LastError)));
        }

        AnsiConsole.Write(table);
        var pages = (page.Total + page.PageSize - 1) / page.PageSize;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{page.Items.Count} of {page.Total} saga(s), page {page.Page} of {Math.Max(1, pages)}"));
    }

    public static void WriteDetails(SagaDetails saga)
    {
        var summary = saga.Summary;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Saga", summary.SagaId.ToString());
        grid.AddRow("Customer", $"{Markup.Escape(summary.CustomerName)} ({saga.SubscriptionTier}), {saga.Users.Count} user(s)");
        grid.AddRow("State", summary.Stuck ? $"{summary.State} [red](stuck)[/]" : summary.State);
        grid.AddRow("Created / updated", $"{Time(summary.CreatedAt)} / {Time(summary.UpdatedAt)}");
        grid.AddRow("Finished", summary.FinishedAt is { } finished ? Time(finished) : "-");
        grid.AddRow("Next deadline", saga.NextDeadline is { } deadline ? Time(deadline) : "-");
        grid.AddRow("Failure reason", Markup.Escape(saga.FailureReason ?? "-"));
        grid.AddRow("Last error", Markup.Escape(summary.LastError ?? "-"));
        grid.AddRow("Trace id", saga.TraceId ?? "-");
        grid.AddRow("Traceparent", saga.TraceParent ?? "-");
        grid.AddRow("Ignored events", saga.IgnoredEvents.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(grid);

        var steps = new Table().AddColumns("Step", "User", "Status", "Attempts", "Output (type, subject, data)");
        foreach (var run in saga.Steps)
        {
            var user = run.UserIndex is { } index && index < saga.Users.Count ? Markup.Escape(saga.Users[index].Name) : "";
            steps.AddRow(run.Compensates is null ? run.Step : $"{run.Step} (undoes {run.Compensates})", user, run.Status.ToString(), run.Attempt.ToString(CultureInfo.InvariantCulture), Markup.Escape(Describe(run.Output)));
        }

        AnsiConsole.Write(steps);

        var timeline = new Table().AddColumns("Started (UTC)", "Step", "User", "Attempt", "Launch id", "Took", "Outcome", "Error");
        foreach (var attempt in saga.History)
        {
            timeline.AddRow(
                Time(attempt.StartedAt),
                attempt.Step,
                attempt.UserIndex?.ToString(CultureInfo.InvariantCulture) ?? "",
                attempt.Attempt.ToString(CultureInfo.InvariantCulture),
                attempt.LaunchId,
                attempt.FinishedAt is { } end ? string.Create(CultureInfo.InvariantCulture, $"{(end - attempt.StartedAt).TotalSeconds:F1} s") : "running",
                attempt.Outcome ?? "",
                Markup.Escape(Shorten(attempt.Error)));
        }

        AnsiConsole.Write(timeline);
        foreach (var note in saga.Notes)
        {
            Console.WriteLine($"{Time(note.At)} {note.What}{(note.Who is null ? "" : $" by {note.Who}")}{(note.Why is null ? "" : $": {note.Why}")}");
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..77] + "...";

    private static string Describe(StepOutput? output) =>
        output is null ? "-" : $"{output.Type} {output.Subject ?? "(no subject)"} {Shorten(output.DataJson ?? "(no data)")}";
}
