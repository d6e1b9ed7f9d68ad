using System.Globalization;
using Knapscen.Sagas.Orchestrator.Operations;
using Knapscen.Sagas.StateMachines.Onboarding;

namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>How sagas look in a terminal, and as plain aligned columns when the output is piped.</summary>
internal static class SagaTables
{
    public static void WriteList(SagaPage page)
    {
        var table = new ColumnTable("Saga", "Customer", "State", "Created (UTC)", "Updated (UTC)", "Stuck", "Last error");
        foreach (var saga in page.Items)
        {
            table.AddRow(
                saga.SagaId.ToString(),
                saga.CustomerName,
                saga.State,
                Time(saga.CreatedAt),
                Time(saga.UpdatedAt),
                saga.Stuck ? "yes" : "",
                saga.LastError ?? "");
        }

        table.Write();
        var pages = (page.Total + page.PageSize - 1) / page.PageSize;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{page.Items.Count} of {page.Total} saga(s), page {page.Page} of {Math.Max(1, pages)}"));
    }

    public static void WriteDetails(SagaDetails saga)
    {
        var summary = saga.Summary;
        new ColumnTable("Saga", summary.SagaId.ToString())
            .AddRow("Customer", $"{summary.CustomerName} ({saga.SubscriptionTier}), {saga.Users.Count} user(s)")
            .AddRow("State", summary.Stuck ? $"{summary.State} (stuck)" : summary.State)
            .AddRow("Created / updated", $"{Time(summary.CreatedAt)} / {Time(summary.UpdatedAt)}")
            .AddRow("Finished", summary.FinishedAt is { } finished ? Time(finished) : "-")
            .AddRow("Next deadline", saga.NextDeadline is { } deadline ? Time(deadline) : "-")
            .AddRow("Failure reason", saga.FailureReason ?? "-")
            .AddRow("Last error", summary.LastError ?? "-")
            .AddRow("Trace id", saga.TraceId ?? "-")
            .AddRow("Traceparent", saga.TraceParent ?? "-")
            .AddRow("Ignored events", saga.IgnoredEvents.ToString(CultureInfo.InvariantCulture))
            .Write();

        var steps = new ColumnTable("Step", "User", "Status", "Attempts", "Output (type, subject, data)");
        foreach (var run in saga.Steps)
        {
            var user = run.UserIndex is { } index && index < saga.Users.Count ? saga.Users[index].Name : "";
            steps.AddRow(run.Compensates is null ? run.Step : $"{run.Step} (undoes {run.Compensates})", user, run.Status.ToString(), run.Attempt.ToString(CultureInfo.InvariantCulture), Describe(run.Output));
        }

        steps.Write();

        var timeline = new ColumnTable("Started (UTC)", "Step", "User", "Attempt", "Launch id", "Took", "Outcome", "Error");
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
                attempt.Error ?? "");
        }

        timeline.Write();
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
