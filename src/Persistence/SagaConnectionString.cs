namespace Knapscen.Sagas.Persistence;

/// <summary>
/// The saga database's connection string, for the few paths that use MySqlConnector directly because EF's per-statement
/// overhead buys them nothing (the deadline scanner's claim, operator queries).
/// </summary>
internal sealed record SagaConnectionString(string Value);
