namespace Knapscen.Sagas.Orchestrator; internal static class Program { private static int Main() => 0; }
