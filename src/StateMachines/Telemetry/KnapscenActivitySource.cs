using System.Diagnostics;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// The one ActivitySource of the project. Without a listener (no tracing registered) StartActivity returns null,
/// so callers tag only what they started and pay nothing else on the hot path.
/// </summary>
public static class KnapscenActivitySource
{
    public const string Name = "Knapscen.Sagas";

    public static ActivitySource Source { get; } = new(Name);
}
