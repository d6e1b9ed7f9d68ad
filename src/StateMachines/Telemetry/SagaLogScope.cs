using Microsoft.Extensions.Logging;

namespace Knapscen.Sagas.StateMachines.Telemetry;

/// <summary>
/// Puts the saga id on every log line written while one saga's work runs (the scope flows into awaited calls and
/// tasks started from there), so JSON logs can be filtered by <c>SagaId</c> even where the message does not name it.
/// </summary>
public static class SagaLogScope
{
    private static readonly Func<ILogger, Guid, IDisposable?> Scope = LoggerMessage.DefineScope<Guid>("Saga {SagaId}");

    public static IDisposable? BeginSagaScope(this ILogger logger, Guid sagaId) => Scope(logger, sagaId);
}
