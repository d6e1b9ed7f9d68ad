namespace Knapscen.Sagas.Tests.Infrastructure;

/// <summary>
/// The three test tiers (<c>scripts/test.sh specs|integration|e2e</c>), chosen per class with
/// <c>[Trait("Tier", "…")]</c>. specs need no server; integration uses the real NATS, MariaDB and control plane;
/// e2e runs the <c>knapscen</c> binary as a user would.
/// </summary>
public static class Tiers
{
    public const string Trait = "Tier";

    public static readonly IReadOnlyList<string> All = ["specs", "integration", "e2e"];

    /// <summary>Set by scripts/test.sh to the tier it runs; in the specs tier a server start is a misplaced test.</summary>
    public const string RunningVariable = "KNAPSCEN_TEST_TIER";

    public static void RefuseServersInSpecs(string what)
    {
        if (Environment.GetEnvironmentVariable(RunningVariable) == "specs")
        {
            throw new InvalidOperationException($"a specs test asked for {what}; specs run without servers, so this test belongs to the integration or e2e tier");
        }
    }
}
