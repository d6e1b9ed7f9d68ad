namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// An observable gauge of an adapter. Its instrument exists once the object does, so the host resolves every
/// registered gauge at start (metrics registration does) and the adapters keep their gauges internal.
/// </summary>
public interface IObservedGauge;
