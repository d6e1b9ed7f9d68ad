namespace Knapscen.Sagas.Orchestrator.Cli;

/// <summary>An operation failed for a reason the operator can act on; its message is printed as is, without a stack trace.</summary>
internal sealed class OperatorException(string message, Exception? inner = null) : Exception(message, inner);
