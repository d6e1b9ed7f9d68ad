namespace Knapscen.Sagas.Orchestrator.Demo;

/// <summary>The demo's last words: where to look at the saga it ran (console, CLI, SQL), without printing a secret.</summary>
internal static class DemoNextSteps
{
    public static void Print(string databaseName, Guid sagaId)
    {
        Console.WriteLine();
        Console.WriteLine("Look next. The demo's database stays; point the settings at it (after 'source .state/stack.env'):");
        Console.WriteLine($"  export Database__ConnectionString=\"${{Database__ConnectionString/Database=knapscen/Database={databaseName}}}\"");
        Console.WriteLine($"  the console:     knapscen serve, then open http://127.0.0.1:8080/sagas/{sagaId}");
        Console.WriteLine($"  the CLI:         knapscen sagas show {sagaId}");
        Console.WriteLine($"  the saga's row:  SELECT correlation_id, customer_name, current_state, last_error, created_at, finished_at");
        Console.WriteLine($"                   FROM {databaseName}.onboarding_sagas WHERE correlation_id = '{sagaId}';");
    }
}
