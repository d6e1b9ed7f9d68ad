namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>The end of a demo run: the saga's outcome and what it left in the domain tables and the outbox.</summary>
internal static class DemoSummary
{
    private static readonly (string Table, string Sql)[] Counts =
    [
        ("corporate_customers", "SELECT COUNT(*) FROM corporate_customers WHERE id = @id"),
        ("users", "SELECT COUNT(*) FROM users WHERE customer_id = @id"),
        ("touchpoints", "SELECT COUNT(*) FROM touchpoints WHERE customer_id = @id"),
        ("marketing_notices (notified)", "SELECT COUNT(*) FROM marketing_notices WHERE customer_id = @id AND status = 'notified'"),
        ("swag_orders (ordered)", "SELECT COUNT(*) FROM swag_orders WHERE customer_id = @id AND status = 'ordered'"),
        ("saga_step_history", "SELECT COUNT(*) FROM saga_step_history WHERE saga_id = @id"),
    ];

    public static async Task PrintAsync(SagaReader reader, Guid sagaId, SagaSnapshot final, TimeSpan elapsed, string outbox, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"Saga {sagaId} finished as {final.State} in {elapsed.TotalSeconds:F2} s");
        if (final.LastError is not null)
        {
            Console.WriteLine($"Last error: {final.LastError}");
        }

        foreach (var step in final.Steps)
        {
            Console.WriteLine($"  {step.Describe()}");
        }

        Console.WriteLine("Rows for this customer:");
        foreach (var (table, sql) in Counts)
        {
            Console.WriteLine($"  {table,-30} {await reader.CountAsync(sql, sagaId, cancellationToken).ConfigureAwait(false)}");
        }

        var emails = Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml") : [];
        Console.WriteLine($"  {"welcome e-mails (.eml)",-30} {emails.Length}  ({outbox})");
    }
}
